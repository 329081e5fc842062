import type { Executor } from "@/db";
import { attemptMessage, type AttemptOptions, type AttemptReport } from "./attempt";

/** In-flight first attempts per webhook: one slow endpoint cannot take every slot. */
export const PER_WEBHOOK_IN_FLIGHT = 8;
export const TOTAL_IN_FLIGHT = 256;

/**
 * The first attempt of every message of a batch, sent at once rather than one orchestrated
 * run each: webhooks in parallel, each with a few requests in flight.
 */
export async function firstAttempts(
  db: Executor,
  list: { id: string; webhookId: string }[],
  options: AttemptOptions = {},
): Promise<({ id: string; webhookId: string } & AttemptReport)[]> {
  const byWebhook = new Map<string, { id: string; webhookId: string }[]>();
  for (const m of list) byWebhook.set(m.webhookId, [...(byWebhook.get(m.webhookId) ?? []), m]);
  const results: ({ id: string; webhookId: string } & AttemptReport)[] = [];
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (inFlight >= TOTAL_IN_FLIGHT) await new Promise<void>((r) => waiting.push(r));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };
  await Promise.all(
    [...byWebhook.values()].map(async (queue) => {
      const lanes = Array.from(
        { length: Math.min(PER_WEBHOOK_IN_FLIGHT, queue.length) },
        async () => {
          for (let m = queue.shift(); m; m = queue.shift()) {
            await acquire();
            try {
              results.push({ ...m, ...(await attemptMessage(db, m.id, options)) });
            } catch (error) {
              // The message stays Created; its run retries it.
              results.push({
                ...m,
                verdict: "retry",
                status: "created",
                nextAt: new Date().toISOString(),
                reason: (error as Error).message,
              });
            } finally {
              release();
            }
          }
        },
      );
      await Promise.all(lanes);
    }),
  );
  return results;
}
