import type { Inngest } from "inngest";
import { getDb } from "@/db";
import { dueScheduler } from "@/lib/delivery/due";
import { env } from "@/lib/env";
import { createAlerts } from "./alerts";
import { createFirstAttempts, type DeliveryDeps } from "./first-attempts";
import { createRetention } from "./retention";
import { createRetryDue } from "./retry-due";
import { createSweepMessages } from "./sweep-messages";

export type { DeliveryDeps };

/** What the functions use where the app serves them (the worker, the console's route). */
export const appDeliveryDeps: DeliveryDeps = {
  db: getDb,
  get allow() {
    return env().HOOKYARD_DELIVERY_ALLOW;
  },
  get consolePort() {
    return env().HOOKYARD_CONSOLE_PORT;
  },
  get sweepAfterMs() {
    return env().HOOKYARD_SWEEP_AFTER_SECONDS * 1000;
  },
};

/** Every Hookyard function, for `serve()` at /api/inngest (and for tests, with their own deps). */
export function hookyardFunctions(client: Inngest, deps: DeliveryDeps) {
  // One per process, shared, so a bucket of due times is asked for once (lib/delivery/due.ts).
  const later = dueScheduler((events) => client.send(events as never));
  return [
    createFirstAttempts(client, deps, later),
    createRetryDue(client, deps, later),
    createSweepMessages(client, deps),
    createRetention(client, deps),
    createAlerts(client, deps),
  ];
}
