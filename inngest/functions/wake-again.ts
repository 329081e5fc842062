import type { Inngest } from "inngest";
import { messageWake, messageWakeAgain } from "../client";

/** Long enough for a run that saw the old state to be waiting again. */
export const WAKE_AGAIN_AFTER = "15s";

/**
 * The same wake once more, a little later. A run that read "paused" (or "disabled") just
 * before the change, and was not yet waiting when the first wake went out, is woken by this
 * one; waiting messages can thus look again rarely (lib/delivery/attempt.ts) and leave the
 * executor idle while deliveries are paused.
 */
export function createWakeAgain(client: Inngest) {
  return client.createFunction(
    { id: "wake-again", triggers: [messageWakeAgain] },
    async ({ event, step }) => {
      await step.sleep("settle", WAKE_AGAIN_AFTER);
      await step.sendEvent("wake", { name: messageWake.name, data: event.data });
    },
  );
}
