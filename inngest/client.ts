import { eventType, Inngest } from "inngest";
import { z } from "zod";

/**
 * The app's Inngest client and its events. Where it sends events and who calls its
 * functions comes from Inngest's own variables (INNGEST_BASE_URL, INNGEST_EVENT_KEY,
 * INNGEST_SIGNING_KEY, INNGEST_SERVE_ORIGIN): the local executor by default, Inngest Cloud or
 * a self-hosted server otherwise — in cloud mode, with signed calls, in every case.
 */

const messageRef = { messageId: z.string(), webhookId: z.string() };

/** Messages were stored; their first attempts go out together. */
export const messagesCreated = eventType("hookyard/messages.created", {
  schema: z.object({ messages: z.array(z.object(messageRef)) }),
});

/** A message needs (more) attempts: after a failed first attempt, or Retry on a finished one. */
export const messageScheduled = eventType("hookyard/message.scheduled", {
  schema: z.object({ ...messageRef, round: z.number(), at: z.string().nullable() }),
});

/** Cancel: stops the message's run. */
export const messageCancelled = eventType("hookyard/message.cancelled", {
  schema: z.object(messageRef),
});

/**
 * Ends a wait early: Retry on a Retrying message (by message), a webhook enabled again (by
 * webhook), deliveries resumed (all). Every field is always present so the match is plain.
 */
export const messageWake = eventType("hookyard/message.wake", {
  schema: z.object({ messageId: z.string(), webhookId: z.string(), all: z.boolean() }),
});

/** The same wake again a little later (inngest/functions/wake-again.ts). */
export const messageWakeAgain = eventType("hookyard/message.wake-again", {
  schema: messageWake.schema,
});

export const inngest = new Inngest({ id: "hookyard" });
export type HookyardInngest = typeof inngest;

/** `inngest.send` in the shape lib/delivery takes (its SendEvents), for the app's own code. */
export const sendEvents = (events: { name: string; data: Record<string, unknown> }[]) =>
  inngest.send(events as never);
