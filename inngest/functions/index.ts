import type { Inngest } from "inngest";
import { createDeliverMessage } from "./deliver-message";
import { createFirstAttempts, type DeliveryDeps } from "./first-attempts";
import { createRetention } from "./retention";
import { createSweepMessages } from "./sweep-messages";
import { createWakeAgain } from "./wake-again";

export type { DeliveryDeps };

/** Every Hookyard function, for `serve()` at /api/inngest (and for tests, with their own deps). */
export function hookyardFunctions(client: Inngest, deps: DeliveryDeps) {
  return [
    createFirstAttempts(client, deps),
    createDeliverMessage(client, deps),
    createSweepMessages(client, deps),
    createRetention(client, deps),
    createWakeAgain(client),
  ];
}
