import type { Inngest } from "inngest";
import { alertingFailure } from "@/lib/alerts/raise";
import { beat } from "@/lib/health/health";
import { pruneOldMessages } from "@/lib/messages/retention";
import type { DeliveryDeps } from "./first-attempts";

/**
 * Every hour: messages, attempts and events past the retention age (Settings, default 30
 * days) are removed in short batches; each step works up to 30 s, and the run goes on with
 * another step while more remains. The statistics keep their totals (they are counters).
 */
export function createRetention(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    { id: "retention", triggers: [{ cron: "17 * * * *" }], retries: 2 },
    async ({ step }) => {
      let removed = { messages: 0, events: 0 };
      for (let n = 1; n <= 200; n++) {
        // A failing step is an alert (hookyard.job_failed), then retried as before.
        const result = await step.run(`prune-${n}`, () =>
          alertingFailure(deps.db(), "retention", () => pruneOldMessages(deps.db())),
        );
        removed = {
          messages: removed.messages + result.messages,
          events: removed.events + result.events,
        };
        if (!result.more) break;
      }
      // A finished run: the alerts job reports the job as stopped when this gets old.
      await step.run("heartbeat", () => beat(deps.db(), "retention"));
      return removed;
    },
  );
}
