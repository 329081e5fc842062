import { z } from "zod";
import { API_ERROR_CODES } from "./errors";
import type { Endpoint } from "./endpoint";
import { apiErrorSchema } from "./resources";

/**
 * The OpenAPI 3.1 document of the REST API, made from the endpoints' own zod schemas: the
 * same schemas parse every request, so the document says what the API accepts. Schemas with
 * an id (`.meta({ id })`) become components.
 */

type Json = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request: `error.fields` names every field at fault",
  401: "No valid API key",
  403: "The API key's role does not allow this operation",
  404: "Not found",
  409: "Conflict with the current state",
  413: "Body too large",
  422: "Unknown event type",
  429: "Rate limit reached: retry after `Retry-After` seconds",
  503: "Database unavailable: nothing was changed",
};
const COMMON_ERRORS = [400, 401, 403, 429, 503];

/** JSON Schema of a zod schema, its named parts hoisted into `components`. */
function schemaOf(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Json;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Json;
  delete json.$defs;
  // zod names its parts `#/$defs/…`; in the document they are components.
  const rewrite = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
  for (const [name, def] of Object.entries(defs)) components[name] ??= rewrite(def);
  const id = z.globalRegistry.get(schema)?.id;
  if (id) {
    components[id] ??= rewrite(json);
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewrite(json);
}

function parametersOf(schema: z.ZodType | undefined, where: "path" | "query", components: Json) {
  if (!schema || !(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = schemaOf(field, "input", components);
    const { description, ...rest } = json;
    return {
      name,
      in: where,
      required: where === "path" || !field.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * A body's schema; fields the endpoint fills in with a form default (`bodyDefaults`) are
 * optional and documented with that default, unless the default itself is not valid (a
 * blank name), which leaves them required.
 */
function bodySchemaOf(e: Endpoint, components: Json): Json {
  const json = schemaOf(e.body!, "input", components);
  if (!e.bodyDefaults || !(e.body instanceof z.ZodObject) || !Array.isArray(json.required)) {
    return json;
  }
  const shape = e.body.shape as Record<string, z.ZodType>;
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const defaulted = Object.entries(e.bodyDefaults).filter(
    ([key, value]) => shape[key]?.safeParse(value).success,
  );
  for (const [key, value] of defaulted) properties[key] = { ...properties[key], default: value };
  const optional = new Set(defaulted.map(([key]) => key));
  return { ...json, required: (json.required as string[]).filter((k) => !optional.has(k)) };
}

export function openApiDocument(endpoints: Endpoint[], origin?: string) {
  const components: Json = {};
  const errorRef = schemaOf(apiErrorSchema, "output", components);
  const paths: Record<string, Json> = {};
  for (const e of endpoints) {
    const statuses = [...new Set([...COMMON_ERRORS, ...(e.errors ?? [])])].sort();
    const responses: Json = {
      [e.response.status]: {
        description: e.response.description,
        ...(e.response.schema
          ? {
              content: {
                "application/json": { schema: schemaOf(e.response.schema, "output", components) },
              },
            }
          : {}),
      },
    };
    for (const status of statuses) {
      responses[status] = {
        description: ERROR_DESCRIPTIONS[status] ?? "Error",
        content: { "application/json": { schema: errorRef } },
        ...(status === 429
          ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds" } } }
          : {}),
      };
    }
    paths[e.path] ??= {};
    paths[e.path]![e.method.toLowerCase()] = {
      operationId: e.operationId,
      tags: [e.tag],
      summary: e.summary,
      description: [e.description, `Requires an API key with the **${e.role}** role or higher.`]
        .filter(Boolean)
        .join("\n\n"),
      "x-hookyard-role": e.role,
      parameters: [
        ...parametersOf(e.params, "path", components),
        ...parametersOf(e.query, "query", components),
      ],
      ...(e.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: bodySchemaOf(e, components) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Hookyard REST API",
      version: "1",
      description:
        'Everything the console does, for back offices and scripts. Authenticate with an API key from Settings as `Authorization: Bearer hk_…`; a key acts with its role (viewer, editor, admin). Errors answer `{"error": {"code", "message", "field"}}` with codes ' +
        Object.keys(API_ERROR_CODES)
          .map((c) => `\`${c}\``)
          .join(", ") +
        ".",
    },
    servers: [{ url: `${origin ?? ""}/api/v1` }],
    security: [{ apiKey: [] }],
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key: hk_…" },
      },
    },
  };
}
