import type { Inngest } from "inngest";
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
      const swept = await step.run("sweep", () =>
        sweepStuckMessages(
          deps.db(),
          (events) => client.send(events as never),
          new Date(),
          500,
          deps.sweepAfterMs,
        ),
      );
      await step.run("count-new-messages", () => countNewMessages(deps.db()));
      await step.run("heartbeat", () => beat(deps.db(), "sweeper"));
      return { swept };
    },
  );
}
