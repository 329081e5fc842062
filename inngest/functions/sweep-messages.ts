import type { Inngest } from "inngest";
import { sweepStuckMessages } from "@/lib/delivery/sweep";
import type { DeliveryDeps } from "./first-attempts";

/** Every minute: messages whose hand-over or run was lost get a new run (lib/delivery/sweep.ts). */
export function createSweepMessages(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    { id: "sweep-messages", triggers: [{ cron: "* * * * *" }], retries: 2 },
    async ({ step }) => {
      const swept = await step.run("sweep", () =>
        sweepStuckMessages(deps.db(), (events) => client.send(events as never)),
      );
      return { swept };
    },
  );
}
