import type { Inngest } from "inngest";
import { attemptMessage } from "@/lib/delivery/attempt";
import { PER_WEBHOOK_IN_FLIGHT } from "@/lib/delivery/lanes";
import { messageCancelled, messageScheduled, messageWake } from "../client";
import type { DeliveryDeps } from "./first-attempts";

/** Waits and attempts per run (two steps each, within Inngest's 1,000 steps a run). */
const ROUNDS_PER_RUN = 400;

/**
 * A message's retries: a durable wait until the next attempt is due (ended early by Retry,
 * by the webhook being enabled again or by deliveries resuming), then the attempt, until it
 * succeeds or fails for good. Cancel stops the run between steps. A message that is still
 * waiting after ROUNDS_PER_RUN rounds goes on in a new run.
 */
export function createDeliverMessage(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    {
      id: "deliver-message",
      triggers: [messageScheduled],
      cancelOn: [{ event: messageCancelled, match: "data.messageId" }],
      // The executor calls a webhook's runs no more often than it may have requests in flight.
      concurrency: [{ limit: PER_WEBHOOK_IN_FLIGHT, key: "event.data.webhookId" }],
      retries: 5,
    },
    async ({ event, step }) => {
      const { messageId } = event.data;
      let at = event.data.at;
      for (let n = 1; n <= ROUNDS_PER_RUN; n++) {
        // Woken by an event (Retry, enable, resume), the attempt goes now, and past the breaker
        // when an operator asked for this message; at the end of its wait, only when due.
        let wake = null;
        if (at) {
          wake = await step.waitForEvent(`wait-${n}`, {
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
            onlyIfDue: !!at && !wake,
            force: wake?.data.messageId === messageId,
          }),
        );
        if (report.verdict !== "retry" && report.verdict !== "waiting") return report;
        at = report.nextAt;
      }
      await step.sendEvent("continue", {
        name: "hookyard/message.scheduled",
        data: { ...event.data, at },
      });
      return { verdict: "continued", at };
    },
  );
}
