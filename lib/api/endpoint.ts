import { z } from "zod";
import { getDb, type Db } from "@/db";
import type { Role } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import type { Actor } from "@/lib/audit/mutations";
import { roleAllows } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { DomainError, isDatabaseUnavailable } from "@/lib/errors";
import type { SendEvents } from "@/lib/messages/operations";
import { readBodyCapped } from "@/lib/util/read-body";
import { countApiRequest } from "@/lib/metrics/metrics";
import { ApiError, fromDomainError, invalid } from "./errors";
import { jsonResponse } from "./json-response";
import { takeToken } from "./rate-limit";

/** The largest request body any endpoint takes (an event's payload included). */
export const MAX_BODY_BYTES = 256 * 1024;

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface ApiPrincipal {
  keyId: string;
  role: Role;
  /** The key's own limit; null for the console's HOOKYARD_API_RATE_LIMIT. */
  rateLimitPerMinute: number | null;
  /** Who the audit log says did it: the key, by name. */
  actor: Actor;
}

/** What the app hands the endpoints from outside lib/: how events reach Inngest. */
export interface EndpointServices {
  sendEvents: SendEvents;
}

export interface EndpointContext extends EndpointServices {
  db: Db;
  principal: ApiPrincipal;
  /** The request's headers (its body and query are parsed into the handler's input). */
  headers: Headers;
}

/**
 * One REST operation: its place, who may call it, the zod schemas of its path, query and
 * body (the forms' own schemas), and its answer's schema. The route handler and the OpenAPI
 * document are both made from this, so the two cannot drift apart.
 */
export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI style, below /api/v1: `/webhooks/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  role: Role;
  params?: P;
  query?: Q;
  body?: B;
  /** Fills in what a form has defaults for, before the body is parsed. */
  bodyDefaults?: Record<string, unknown>;
  response: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType };
  /** Statuses this operation may answer besides 400, 401, 403, 429 and 503. */
  errors?: number[];
  handler: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    ctx: EndpointContext,
  ) => Promise<unknown>;
}

export function defineEndpoint<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  endpoint: Endpoint<P, Q, B>,
): Endpoint<P, Q, B> {
  return endpoint;
}

/** A JSON body with the endpoint's form defaults under it; anything but an object as sent. */
export function withBodyDefaults(endpoint: Endpoint, raw: unknown): unknown {
  return endpoint.bodyDefaults && raw && typeof raw === "object" && !Array.isArray(raw)
    ? { ...endpoint.bodyDefaults, ...raw }
    : raw;
}

async function authenticate(db: Db, request: Request): Promise<ApiPrincipal> {
  const key = await authenticateApiKey(db, request.headers.get("authorization"));
  if (!key) {
    throw new ApiError(
      "unauthorized",
      "Send a valid API key as Authorization: Bearer hk_…",
      undefined,
      { "www-authenticate": 'Bearer realm="hookyard"' },
    );
  }
  return {
    keyId: key.id,
    role: key.role,
    rateLimitPerMinute: key.rateLimitPerMinute,
    actor: { id: null, email: `API key "${key.name}"` },
  };
}

const unavailable = () =>
  new ApiError("unavailable", "The database is unavailable; nothing was changed. Retry later.");

async function readJsonBody(request: Request): Promise<unknown> {
  // Read no further than the limit: the size is known before the body is held whole.
  const { text, truncated } = await readBodyCapped(request, MAX_BODY_BYTES);
  if (truncated) {
    throw new ApiError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
  }
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "The body is not valid JSON", {
      body: "Not valid JSON",
    });
  }
}

/** Query parameters as an object; a repeated one keeps its last value. */
function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

/**
 * Where a NUL character (U+0000) sits in a parsed input, as a field path, or null: Postgres
 * text and jsonb cannot hold it, so it is refused up front instead of failing a statement.
 */
function nulField(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes("\u0000")) return path;
    } else if (current && typeof current === "object") {
      for (const [key, inner] of Object.entries(current)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes("\u0000")) return at;
        stack.push([inner, at]);
      }
    }
  }
  return null;
}

async function parse<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: "body" | "query" | "path",
) {
  if (!schema) return undefined as z.output<S>;
  const nul = nulField(value);
  if (nul !== null) {
    const field = nul || where;
    throw new ApiError(
      where === "path" ? "not_found" : "invalid_request",
      `${field}: must not contain a NUL character (U+0000)`,
      { [field]: "Must not contain a NUL character (U+0000)" },
    );
  }
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) throw invalid(parsed.error, where);
  return parsed.data;
}

/**
 * The route handler of an endpoint: API key, rate limit, role, then path, query and body
 * through their schemas, then the operation. Expected failures answer with their status;
 * anything else is logged and answers 500 (503 when the database is down), never a stack.
 */
export function handle(endpoint: Endpoint, services: EndpointServices) {
  const answer = async (
    request: Request,
    context: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    try {
      const db = getDb();
      const principal = await authenticate(db, request);
      const wait = takeToken(
        principal.keyId,
        principal.rateLimitPerMinute ?? env().HOOKYARD_API_RATE_LIMIT,
      );
      if (wait > 0) {
        throw new ApiError(
          "rate_limited",
          `Too many requests for this API key; retry in ${wait} s`,
          undefined,
          { "retry-after": String(wait) },
        );
      }
      if (!roleAllows(principal.role, endpoint.role)) {
        throw new ApiError(
          "forbidden",
          `This API key's role (${principal.role}) does not allow ${endpoint.operationId}; it needs ${endpoint.role}.`,
        );
      }
      const params = await parse(endpoint.params, await context.params, "path");
      const query = await parse(endpoint.query, queryObject(new URL(request.url)), "query");
      let body;
      if (endpoint.body) {
        body = await parse(
          endpoint.body,
          withBodyDefaults(endpoint, await readJsonBody(request)),
          "body",
        );
      }
      const result = await endpoint.handler(
        { params, query, body },
        { ...services, db, principal, headers: request.headers },
      );
      if (result instanceof Response) return result;
      if (endpoint.response.status === 204) return new Response(null, { status: 204 });
      return jsonResponse(result, { status: endpoint.response.status });
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      if (error instanceof DomainError) return fromDomainError(error).toResponse();
      if (isDatabaseUnavailable(error)) return unavailable().toResponse();
      console.error(`[api ${endpoint.operationId}] failed:`, error);
      return new ApiError("internal", "Something went wrong on our side. Try again.").toResponse();
    }
  };
  return async (
    request: Request,
    context: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    const response = await answer(request, context);
    countApiRequest(endpoint.operationId, response.status);
    return response;
  };
}
