import type { Inngest } from "inngest";
import { dueScheduler } from "@/lib/delivery/due";
import { createFirstAttempts, type DeliveryDeps } from "./first-attempts";
import { createRetention } from "./retention";
import { createRetryDue } from "./retry-due";
import { createSweepMessages } from "./sweep-messages";

export type { DeliveryDeps };

/** Every Hookyard function, for `serve()` at /api/inngest (and for tests, with their own deps). */
export function hookyardFunctions(client: Inngest, deps: DeliveryDeps) {
  // One per process, shared, so a bucket of due times is asked for once (lib/delivery/due.ts).
  const later = dueScheduler((events) => client.send(events as never));
  return [
    createFirstAttempts(client, deps, later),
    createRetryDue(client, deps, later),
    createSweepMessages(client, deps),
    createRetention(client, deps),
  ];
}
