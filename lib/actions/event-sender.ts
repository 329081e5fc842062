import type { SendEvents } from "@/lib/messages/operations";

/*
 * How server actions reach the delivery functions without lib/ depending on inngest/: the
 * console provides its Inngest client's `send` once, when the server starts
 * (instrumentation.ts), and every action finds it in its context (safe-action.ts). It is kept
 * on globalThis because Next.js bundles instrumentation and actions separately.
 */

const KEY = Symbol.for("hookyard.sendEvents");
const holder = globalThis as { [KEY]?: SendEvents };

export function provideEventSender(send: SendEvents) {
  holder[KEY] = send;
}

/** Sends through the provided sender, found when called (an action that sends nothing never looks). */
export const providedEventSender: SendEvents = (events) => {
  const send = holder[KEY];
  if (!send)
    throw new Error("No event sender: instrumentation.ts provides one when the server starts");
  return send(events);
};
