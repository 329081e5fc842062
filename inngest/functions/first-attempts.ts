import type { Inngest } from "inngest";
import type { Db } from "@/db";
import { firstAttempts } from "@/lib/delivery/first-attempts";
import { messagesCreated } from "../client";

export interface DeliveryDeps {
  db: () => Db;
  /** HOOKYARD_DELIVERY_ALLOW */
  allow?: string;
  /** The console's port, so that its own Inbox can be reached on loopback. */
  consolePort?: number;
}

/**
 * The first attempt of every message of a batch, in one step: a published event reaches all
 * its webhooks at once instead of waiting for one orchestrated run per message. Messages
 * that need more attempts continue in `deliver-message`.
 */
export function createFirstAttempts(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    { id: "first-attempts", triggers: [messagesCreated], retries: 3 },
    async ({ event, step }) => {
      const results = await step.run("attempt", async () =>
        (
          await firstAttempts(
            deps.db(),
            event.data.messages.map((m) => ({ id: m.messageId, webhookId: m.webhookId })),
            { allow: deps.allow, consolePort: deps.consolePort },
          )
        ).map((r) => ({
          id: r.id,
          webhookId: r.webhookId,
          verdict: r.verdict,
          nextAt: "nextAt" in r ? r.nextAt : null,
        })),
      );
      const later = results.filter((r) => r.verdict === "retry" || r.verdict === "waiting");
      if (later.length) {
        await step.sendEvent(
          "schedule-retries",
          later.map((r) => ({
            name: "hookyard/message.scheduled" as const,
            data: { messageId: r.id, webhookId: r.webhookId, round: 1, at: r.nextAt },
          })),
        );
      }
      return { attempted: results.length, later: later.length };
    },
  );
}
