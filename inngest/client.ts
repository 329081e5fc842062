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

/**
 * Asks for the messages due by `at` (now, when null) to be claimed and attempted
 * (lib/delivery/due.ts); `force`: messages an operator asked for, which pass the breaker.
 */
export const retriesDue = eventType("hookyard/retries.due", {
  schema: z.object({
    at: z.string().nullable(),
    force: z.array(z.string()),
    /** A webhook id, or "all": its parked messages are made due first (a repeated wake). */
    wake: z.string().optional(),
  }),
});

export const inngest = new Inngest({ id: "hookyard" });
export type HookyardInngest = typeof inngest;

/** `inngest.send` in the shape lib/delivery takes (its SendEvents), for the app's own code. */
export const sendEvents = (
  events: { id?: string; name: string; data: Record<string, unknown> }[],
) => inngest.send(events as never);
