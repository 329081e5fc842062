import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";
import { requireUser } from "@/lib/auth/session";
import { consoleOrigin } from "@/lib/inbox/origin";

export const metadata: Metadata = { title: "API reference" };

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  $ref?: string;
};

/** A schema in a few words: its type, its allowed values, its limits. */
function describe(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop()!;
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.anyOf) return schema.anyOf.map(describe).filter(Boolean).join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  const extras = [
    schema.format,
    schema.pattern && `pattern ${schema.pattern}`,
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.maxLength !== undefined && `≤ ${schema.maxLength} chars`,
    schema.default !== undefined && `default ${JSON.stringify(schema.default)}`,
  ].filter(Boolean);
  const base = type === "array" ? `array of ${describe(schema.items)}` : type;
  return extras.length ? `${base} (${extras.join(", ")})` : base;
}

const METHOD_TONES = { get: "info", post: "success", patch: "warning", delete: "danger" } as const;

function curl(origin: string, method: string, path: string, hasBody: boolean) {
  return [
    `curl -X ${method.toUpperCase()} '${origin}/api/v1${path}'`,
    `  -H 'Authorization: Bearer hk_…'`,
    ...(hasBody ? [`  -H 'Content-Type: application/json'`, `  -d '{…}'`] : []),
  ].join(" \\\n");
}

/** The REST API's reference, rendered from the same OpenAPI document the API serves. */
export default async function ApiReferencePage() {
  await requireUser();
  const origin = await consoleOrigin();
  const doc = openApiDocument(ENDPOINTS, origin);
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Record<string, unknown>>).map(([method, op]) => ({
      path,
      method,
      op: op as {
        operationId: string;
        tags: string[];
        summary: string;
        description: string;
        "x-hookyard-role": string;
        parameters: {
          name: string;
          in: string;
          required: boolean;
          schema: Schema;
          description?: string;
        }[];
        requestBody?: { content: { "application/json": { schema: Schema } } };
        responses: Record<string, { description: string }>;
      },
    })),
  );
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Everything the console does, over HTTP with an API key from Settings. The
            machine-readable document is{" "}
            <a className="text-brand-700 underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>{" "}
            (OpenAPI 3.1). Errors answer{" "}
            <code className="font-mono text-xs">{`{"error": {"code", "message", "field"}}`}</code>.
          </>
        }
      />
      <div className="space-y-8">
        {doc.tags.map(({ name }) => (
          <section key={name} aria-labelledby={`tag-${name}`} className="space-y-3">
            <h2 id={`tag-${name}`} className="text-lg font-semibold text-slate-900">
              {name}
            </h2>
            {operations
              .filter((o) => o.op.tags.includes(name))
              .map(({ path, method, op }) => {
                const body = op.requestBody?.content["application/json"].schema;
                const bodySchema = (
                  body?.$ref
                    ? (doc.components.schemas as Record<string, Schema>)[
                        body.$ref.split("/").pop()!
                      ]
                    : body
                ) as Schema | undefined;
                return (
                  <Card key={op.operationId} className="p-5" id={op.operationId}>
                    <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
                      <Badge tone={METHOD_TONES[method as keyof typeof METHOD_TONES] ?? "neutral"}>
                        {method.toUpperCase()}
                      </Badge>
                      <span className="break-all text-slate-900">/api/v1{path}</span>
                      <span className="font-sans text-sm font-normal text-slate-700">
                        — {op.summary}
                      </span>
                      <span className="ml-auto font-sans text-xs text-slate-600">
                        role: {op["x-hookyard-role"]}
                      </span>
                    </h3>
                    <p className="mt-2 text-sm whitespace-pre-line text-slate-700">
                      {op.description.replaceAll("**", "").replaceAll("`", "")}
                    </p>
                    {op.parameters.length > 0 && (
                      <table className="mt-3 w-full text-left text-xs">
                        <caption className="sr-only">Parameters of {op.operationId}</caption>
                        <thead className="text-slate-600">
                          <tr>
                            <th className="py-1 pr-3 font-medium">Parameter</th>
                            <th className="py-1 pr-3 font-medium">In</th>
                            <th className="py-1 font-medium">Type</th>
                          </tr>
                        </thead>
                        <tbody>
                          {op.parameters.map((p) => (
                            <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100">
                              <td className="py-1 pr-3 font-mono text-slate-900">
                                {p.name}
                                {p.required ? " *" : ""}
                              </td>
                              <td className="py-1 pr-3 text-slate-600">{p.in}</td>
                              <td className="py-1 text-slate-700">
                                {describe(p.schema)}
                                {p.description ? ` — ${p.description}` : ""}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                    {bodySchema?.properties && (
                      <table className="mt-3 w-full text-left text-xs">
                        <caption className="sr-only">Body of {op.operationId}</caption>
                        <thead className="text-slate-600">
                          <tr>
                            <th className="py-1 pr-3 font-medium">Body field</th>
                            <th className="py-1 font-medium">Type</th>
                          </tr>
                        </thead>
                        <tbody>
                          {Object.entries(bodySchema.properties).map(([field, schema]) => (
                            <tr key={field} className="border-t border-slate-100">
                              <td className="py-1 pr-3 font-mono text-slate-900">
                                {field}
                                {bodySchema.required?.includes(field) ? " *" : ""}
                              </td>
                              <td className="py-1 text-slate-700">{describe(schema)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                    <p className="mt-3 text-xs text-slate-600">
                      Answers:{" "}
                      {Object.entries(op.responses)
                        .map(([status, r]) => `${status} ${r.description}`)
                        .join(" · ")}
                    </p>
                    {/* It scrolls on a narrow window; focusable so a keyboard can scroll it too. */}
                    <pre
                      tabIndex={0}
                      className="mt-3 overflow-x-auto rounded-md bg-code p-3 text-xs text-code-fg"
                    >
                      {curl(origin, method, path, !!body)}
                    </pre>
                  </Card>
                );
              })}
          </section>
        ))}
      </div>
    </>
  );
}
