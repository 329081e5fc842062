import { z } from "zod";
import { nestsDeeperThan, tooDeep } from "@/lib/util/json-depth";
import { EVENT_PATTERN_RE } from "@/lib/event-types/schemas";

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
