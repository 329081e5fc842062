/**
 * Runs once when the console's server starts (Next.js instrumentation): the composition root
 * that hands lib/ what it must not import itself. Server actions send their Inngest events
 * through the app's client (lib/actions/event-sender.ts); the REST routes get it from their
 * route file.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ sendEvents }, { provideEventSender }] = await Promise.all([
    import("@/inngest/client"),
    import("@/lib/actions/event-sender"),
  ]);
  provideEventSender(sendEvents);
}
