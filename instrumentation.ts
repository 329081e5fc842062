/**
 * Runs once when the console's server starts (Next.js instrumentation): the composition root
 * that hands lib/ what it must not import itself. Server actions send their Inngest events
 * through the app's client (lib/actions/event-sender.ts); the REST routes get it from their
 * route file. With an OTLP endpoint set, it starts exporting the publish spans
 * (lib/tracing/start.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ sendEvents }, { provideEventSender }, { tracingConfigured }] = await Promise.all([
    import("@/inngest/client"),
    import("@/lib/actions/event-sender"),
    import("@/lib/tracing/tracer"),
  ]);
  provideEventSender(sendEvents);
  if (tracingConfigured()) {
    const { startTracing } = await import("@/lib/tracing/start");
    startTracing({ serviceName: "hookyard-console", batchDelayMs: 1_000 });
  }
}
