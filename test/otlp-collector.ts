import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";

/**
 * An OpenTelemetry collector in miniature for the tests: OTLP/HTTP on 127.0.0.1 that keeps
 * every JSON-encoded batch of spans it is sent (POST /v1/traces) and answers 200.
 */

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
}

export const SPAN_KIND = { CLIENT: 3, PRODUCER: 4 };
export const STATUS_ERROR = 2;

/** A collector for this test file: `base` is what OTEL_EXPORTER_OTLP_ENDPOINT would be. */
export async function otlpCollector() {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") {
        bodies.push(Buffer.concat(chunks).toString());
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: `${base}/v1/traces`,
    /** Every span sent so far, with the `service.name` of the process that sent it. */
    spans(): (OtlpSpan & { service: unknown })[] {
      return bodies.flatMap((body) =>
        (
          JSON.parse(body) as {
            resourceSpans: {
              resource: { attributes: OtlpSpan["attributes"] };
              scopeSpans: { spans: OtlpSpan[] }[];
            }[];
          }
        ).resourceSpans.flatMap(({ resource, scopeSpans }) => {
          const service = resource.attributes.find((a) => a.key === "service.name")?.value
            .stringValue;
          return scopeSpans.flatMap(({ spans }) => spans.map((span) => ({ ...span, service })));
        }),
      );
    },
  };
}

/** An attribute's value, whatever its OTLP type (an int may come as a string). */
export function attr(span: OtlpSpan, key: string): unknown {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if ("intValue" in value) return Number(value.intValue);
  return Object.values(value)[0];
}
