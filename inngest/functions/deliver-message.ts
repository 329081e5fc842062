import type { Inngest } from "inngest";
import { attemptMessage } from "@/lib/delivery/attempt";
import { messageCancelled, messageScheduled, messageWake } from "../client";
import type { DeliveryDeps } from "./first-attempts";

/** Requests in flight per webhook from retries: a hanging endpoint holds only its own. */
export const RETRY_CONCURRENCY_PER_WEBHOOK = 4;

/**
 * A message's retries: a durable wait until the next attempt is due (ended early by Retry,
 * by the webhook being enabled again or by deliveries resuming), then the attempt, until it
 * succeeds or fails for good. Cancel stops the run between steps.
 */
export function createDeliverMessage(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    {
      id: "deliver-message",
      triggers: [messageScheduled],
      cancelOn: [{ event: messageCancelled, match: "data.messageId" }],
      concurrency: [{ limit: RETRY_CONCURRENCY_PER_WEBHOOK, key: "event.data.webhookId" }],
      retries: 5,
    },
    async ({ event, step }) => {
      const { messageId } = event.data;
      let at = event.data.at;
      for (let n = 1; n <= 400; n++) {
        if (at) {
          await step.waitForEvent(`wait-${n}`, {
            event: messageWake,
            timeout: new Date(at),
            if:
              "async.data.messageId == event.data.messageId || " +
              "async.data.webhookId == event.data.webhookId || async.data.all == true",
          });
        }
        const report = await step.run(`attempt-${n}`, () =>
          attemptMessage(deps.db(), messageId, {
            allow: deps.allow,
            consolePort: deps.consolePort,
          }),
        );
        if (report.verdict !== "retry" && report.verdict !== "waiting") return report;
        at = report.nextAt;
      }
      return { verdict: "failed", reason: "Too many attempts for one run" };
    },
  );
}
