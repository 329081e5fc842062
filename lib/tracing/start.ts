import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { provideTracer } from "./tracer";

/**
 * Starts exporting Hookyard's spans (lib/delivery/trace.ts) over OTLP/HTTP, JSON-encoded, in
 * batches: where to, the headers, timeouts and batch sizes are the standard OTEL_* variables,
 * read by the exporter and the processor themselves. Imported only when tracing is
 * configured, so a process without it never loads the SDK.
 */

export interface Tracing {
  /** Exports what is buffered now; a failed export is not an error (see QuietExporter). */
  flush(): Promise<void>;
  /** Exports what is buffered and stops; gives up after `timeoutMs` (a collector may hang). */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface TracingOptions {
  /** service.name unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** The traces endpoint (…/v1/traces): tests point it at their own receiver. */
  url?: string;
  /**
   * How often the batch is exported, unless OTEL_BSP_SCHEDULE_DELAY says (the SDK's default:
   * 5 s). The worker exports what is left when it stops (scripts/worker.ts); Next.js exits on
   * a signal before an export could finish, so the console exports often instead: a stop loses
   * at most that much.
   */
  batchDelayMs?: number;
}

export function startTracing({ serviceName, url, batchDelayMs }: TracingOptions): Tracing {
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the default name.
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const exporter = new QuietExporter(new OTLPTraceExporter(url ? { url } : {}));
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(
        exporter,
        process.env.OTEL_BSP_SCHEDULE_DELAY ? {} : { scheduledDelayMillis: batchDelayMs },
      ),
    ],
  });
  provideTracer(provider.getTracer("hookyard"));
  return {
    flush: () => provider.forceFlush().catch(() => {}),
    async shutdown(timeoutMs = 5_000) {
      provideTracer(undefined);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        provider.shutdown().catch(() => {}),
        new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    },
  };
}

/**
 * A collector that is down or refuses spans must cost publishing and delivery nothing, and
 * the logs one line: the first failure is told, the rest are dropped in silence (the batch
 * processor drops spans it cannot queue anyway).
 */
class QuietExporter implements SpanExporter {
  private told = false;

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS && !this.told) {
        this.told = true;
        console.warn(
          `Tracing: spans could not be exported (${result.error?.message ?? "failed"}); later failures are not logged.`,
        );
      }
      done(result);
    });
  }

  shutdown() {
    return this.inner.shutdown();
  }

  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
