import { z } from "zod";
import { isAlertType } from "@/lib/alerts/types";
import { nestsDeeperThan, tooDeep } from "@/lib/util/json-depth";

/** One schema per event type operation, for the REST API and any console form alike. */

/** `application.created`, or a family pattern `application.*`. */
export const EVENT_PATTERN_RE = /^[a-z][a-z0-9_]*(\.([a-z][a-z0-9_]*|\*))?$/;

export const eventTypeNameSchema = z
  .string({ message: "name is required" })
  .trim()
  .max(100, "name must be at most 100 characters")
  .regex(EVENT_PATTERN_RE, "name looks like application.created")
  .refine((t) => !t.endsWith(".*"), "name is one event type, not a family");

/** A new event type's name: `hookyard.*` names are Hookyard's own alerts (lib/alerts/types.ts). */
const newEventTypeName = eventTypeNameSchema.refine(
  (t) => !isAlertType(t),
  "name may not start with hookyard. (Hookyard's own alerts)",
);

const descriptionField = z
  .string({ message: "description is text" })
  .trim()
  .max(1000, "description must be at most 1000 characters");

const examplePayloadField = z
  .record(z.string(), z.unknown(), { message: "examplePayload must be a JSON object" })
  // First, and the size is not measured past it: JSON.stringify overflows on deep nesting.
  .refine((v) => !nestsDeeperThan(v), { message: tooDeep("examplePayload"), abort: true })
  .refine(
    (v) => Buffer.byteLength(JSON.stringify(v)) <= 64 * 1024,
    "examplePayload must be at most 64 KiB",
  );

export const createEventTypeSchema = z.strictObject({
  name: newEventTypeName,
  description: descriptionField.default(""),
  examplePayload: examplePayloadField.default({}),
});

export const updateEventTypeSchema = z.strictObject({
  description: descriptionField.optional(),
  examplePayload: examplePayloadField.optional(),
});

export type CreateEventType = z.output<typeof createEventTypeSchema>;
export type UpdateEventType = z.output<typeof updateEventTypeSchema>;
