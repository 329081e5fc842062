import type { Inngest } from "inngest";
import { createFirstAttempts, type DeliveryDeps } from "./first-attempts";
import { createRetention } from "./retention";
import { createRetryDue } from "./retry-due";
import { createSweepMessages } from "./sweep-messages";

export type { DeliveryDeps };

/** Every Hookyard function, for `serve()` at /api/inngest (and for tests, with their own deps). */
export function hookyardFunctions(client: Inngest, deps: DeliveryDeps) {
  return [
    createFirstAttempts(client, deps),
    createRetryDue(client, deps),
    createSweepMessages(client, deps),
    createRetention(client, deps),
  ];
}
