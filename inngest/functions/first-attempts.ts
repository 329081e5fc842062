import type { Inngest } from "inngest";
import type { Db } from "@/db";
import { attemptMessages } from "@/lib/delivery/attempt";
import { messagesCreated } from "../client";

export interface DeliveryDeps {
  db: () => Db;
  /** HOOKYARD_DELIVERY_ALLOW */
  allow?: string;
  /** The console's port, so that its own Inbox can be reached on loopback. */
  consolePort?: number;
  /** HOOKYARD_SWEEP_AFTER_SECONDS, in ms: when a never-attempted message counts as lost. */
  sweepAfterMs?: number;
}

/**
 * The first attempt of every message of a batch, in one step: a published event reaches all
 * its webhooks at once instead of waiting for one orchestrated run per message. Messages
 * that need more attempts, and those handed over (a slow endpoint's, lib/delivery/lanes.ts),
 * continue in `deliver-message`.
 */
export function createFirstAttempts(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    { id: "first-attempts", triggers: [messagesCreated], retries: 3 },
    async ({ event, step }) => {
      const results = await step.run("attempt", async () => {
        const reports = await attemptMessages(
          deps.db(),
          event.data.messages.map((m) => m.messageId),
          { allow: deps.allow, consolePort: deps.consolePort },
        );
        return event.data.messages.map(({ messageId, webhookId }) => {
          const report = reports.get(messageId)!;
          // Not written (the database failed us): the message stays as it was; its run retries it.
          if (report instanceof Error) {
            return { id: messageId, webhookId, verdict: "retry", nextAt: new Date().toISOString() };
          }
          return {
            id: messageId,
            webhookId,
            verdict: report.verdict,
            nextAt: "nextAt" in report ? report.nextAt : null,
          };
        });
      });
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
