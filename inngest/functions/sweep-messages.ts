import type { Inngest } from "inngest";
import { alertingFailure } from "@/lib/alerts/raise";
import { sweepStuckMessages } from "@/lib/delivery/sweep";
import { beat } from "@/lib/health/health";
import { countNewMessages } from "@/lib/stats/record";
import type { DeliveryDeps } from "./first-attempts";

/**
 * Every minute: messages whose hand-over or run was lost get a new run (lib/delivery/sweep.ts),
 * and the new messages are folded into the webhooks' counters (lib/stats/record.ts).
 */
export function createSweepMessages(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    { id: "sweep-messages", triggers: [{ cron: "* * * * *" }], retries: 2 },
    async ({ step }) => {
      // A failing step is an alert (hookyard.job_failed), then retried as before.
      const swept = await step.run("sweep", () =>
        alertingFailure(deps.db(), "sweeper", () =>
          sweepStuckMessages(
            deps.db(),
            (events) => client.send(events as never),
            new Date(),
            500,
            deps.sweepAfterMs,
          ),
        ),
      );
      await step.run("count-new-messages", () =>
        alertingFailure(deps.db(), "sweeper", () => countNewMessages(deps.db())),
      );
      await step.run("heartbeat", () => beat(deps.db(), "sweeper"));
      return { swept };
    },
  );
}
