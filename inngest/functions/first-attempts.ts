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
 * The first attempt of every message of a batch: a published event reaches all its webhooks
 * at once instead of waiting for one orchestrated run per message. Messages that need more
 * attempts, or wait (a slow endpoint's hand-backs, lib/delivery/lanes.ts), are rows due later,
 * attempted by `retry-due` (lib/delivery/due.ts).
 *
 * Each message is claimed before its request goes out, with the lease a drain takes
 * (`onlyIfDue`, lib/delivery/due.ts): while the request is out — handed over included — no
 * drain sends it again, even once the sweeper finds the message old and never attempted.
 *
 * No step: a step would cost the run a second call (its result memoized, then the return),
 * and a run tried again leaves alone what it already attempted anyway: an attempted message
 * is finished, due later, or still claimed.
 */
export function createFirstAttempts(
  client: Inngest,
  deps: DeliveryDeps,
  later: (times: Date[]) => Promise<void>,
) {
  return client.createFunction(
    { id: "first-attempts", triggers: [messagesCreated], retries: 3 },
    async ({ event }) => {
      const reports = await attemptMessages(
        deps.db(),
        event.data.messages.map((m) => m.messageId),
        { allow: deps.allow, consolePort: deps.consolePort, onlyIfDue: true, onLater: later },
      );
      const verdicts: Record<string, number> = {};
      for (const report of reports.values()) {
        // Not written (the database failed us): the sweeper finds it (lib/delivery/sweep.ts).
        const verdict = report instanceof Error ? "unwritten" : report.verdict;
        verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
      }
      return verdicts;
    },
  );
}
