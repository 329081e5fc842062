import { z } from "zod";
import { EVENT_PATTERN_RE } from "@/lib/event-types/schemas";
import { nestsDeeperThan, tooDeep } from "@/lib/util/json-depth";

/** Message and event ids as they appear in URLs, forms and API paths (lib/messages/ids.ts). */
export const MESSAGE_ID_RE = /^msg_[A-Za-z0-9_-]{1,40}$/;
export const messageIdSchema = z.string().regex(MESSAGE_ID_RE, "Not a message id");
export const eventIdSchema = z.string().regex(/^evt_[A-Za-z0-9_-]{1,40}$/, "Not an event id");

/** The body of `POST /api/v1/events`. */
export const publishEventSchema = z.strictObject({
  type: z
    .string({ message: "type is required" })
    .regex(EVENT_PATTERN_RE, "type looks like application.created")
    .refine((t) => !t.endsWith(".*"), "type names one event type, not a family"),
  product: z
    .string()
    .max(64, "product must be at most 64 characters")
    .regex(/^[A-Za-z0-9._:-]*$/, "product ids use letters, digits and . _ : -")
    .nullish(),
  payload: z
    .record(z.string(), z.unknown(), { message: "payload must be a JSON object" })
    .refine((payload) => !nestsDeeperThan(payload), tooDeep("payload")),
  idempotencyKey: z
    .string()
    .min(1, "idempotencyKey must not be empty")
    .max(200, "idempotencyKey must be at most 200 characters")
    .nullish(),
});
