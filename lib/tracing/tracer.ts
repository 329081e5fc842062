import type { Tracer } from "@opentelemetry/api";

/*
 * The tracer Hookyard's spans are made with (lib/delivery/trace.ts), when spans are exported:
 * started once per process (lib/tracing/start.ts, from instrumentation.ts and
 * scripts/worker.ts). Kept on globalThis because Next.js bundles instrumentation and routes
 * separately. Never the global OpenTelemetry provider: registered there, Next.js and the
 * Inngest SDK would export spans of their own.
 */

const KEY = Symbol.for("hookyard.tracer");
const holder = globalThis as { [KEY]?: Tracer };

/** The tracer, or undefined when no span is exported (the one check the hot path pays). */
export const activeTracer = (): Tracer | undefined => holder[KEY];

export function provideTracer(tracer: Tracer | undefined) {
  holder[KEY] = tracer;
}

/** Spans are exported when an OTLP endpoint is set, as the OpenTelemetry SDKs read it. */
export function tracingConfigured(source: Record<string, string | undefined> = process.env) {
  return !!(source.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || source.OTEL_EXPORTER_OTLP_ENDPOINT);
}
