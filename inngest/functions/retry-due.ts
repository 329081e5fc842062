import type { Inngest } from "inngest";
import { attemptMessages } from "@/lib/delivery/attempt";
import { claimDueMessages, DUE_BATCH, makeWaitingDue } from "@/lib/delivery/due";
import { retriesDue } from "../client";
import type { DeliveryDeps } from "./first-attempts";

/** Claim-and-attempt steps per run, within Inngest's 1,000 steps a run. */
const ROUNDS_PER_RUN = 200;
/**
 * Drains at work at once (sleeping ones do not count), whichever instance runs them: enough
 * to keep every request slot busy (DUE_BATCH each), few enough that a retry backlog is not
 * claimed into memory all at once — 63 drains held 31,000 messages in a 1 s-bucket burst.
 */
const DRAINS_AT_WORK = 8;

/**
 * Retries, hand-backs and waits that ended: sleeps until the asked time (for a repeated wake,
 * makes the parked messages due, lib/messages/operations.ts), then claims the
 * messages due by then, DUE_BATCH at a time, whatever their webhook, and attempts them
 * (lib/delivery/due.ts). Outcomes that need another attempt ask for a drain at their time.
 * A drain that finds more than ROUNDS_PER_RUN batches goes on in a new run.
 */
export function createRetryDue(
  client: Inngest,
  deps: DeliveryDeps,
  later: (times: Date[]) => Promise<void>,
) {
  return client.createFunction(
    {
      id: "retry-due",
      triggers: [retriesDue],
      retries: 5,
      concurrency: [{ limit: DRAINS_AT_WORK }],
    },
    async ({ event, step }) => {
      const at = event.data.at ? new Date(event.data.at) : null;
      if (at && at.getTime() > Date.now()) await step.sleepUntil("due", at);
      const { wake } = event.data;
      if (wake) {
        await step.run("wake", () => makeWaitingDue(deps.db(), wake === "all" ? null : wake));
      }
      const force = new Set(event.data.force);
      let attempted = 0;
      for (let n = 1; n <= ROUNDS_PER_RUN; n++) {
        const claimed = await step.run(`attempt-${n}`, async () => {
          const ids = await claimDueMessages(deps.db(), DUE_BATCH, at);
          if (ids.length) {
            await attemptMessages(deps.db(), ids, {
              allow: deps.allow,
              consolePort: deps.consolePort,
              force,
              onLater: later,
            });
          }
          return ids.length;
        });
        attempted += claimed;
        if (claimed < DUE_BATCH) return { attempted };
      }
      await step.sendEvent("continue", { name: retriesDue.name, data: { at: null, force: [] } });
      return { attempted, continued: true };
    },
  );
}
