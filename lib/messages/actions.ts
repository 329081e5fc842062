"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { cancelMessage, retryMessage } from "@/lib/messages/operations";
import { BULK_ACTIONS, countBulkTargets, runBulkAction } from "./bulk";
import { generalFields, webhookIdSchema } from "@/lib/webhooks/schemas";
import { examplesForPatterns, examplesForWebhook, sendExample } from "./examples";
import { messageIdSchema, publishEventSchema } from "./schemas";
import { MESSAGE_STATUS_FILTERS, messageFiltersOf, TIME_RANGES } from "./search-params";

const messageRefSchema = z.strictObject({ id: messageIdSchema });

const sendExampleSchema = publishEventSchema
  .pick({ type: true, product: true, payload: true })
  .extend({ webhookId: webhookIdSchema.optional() });

/**
 * Sends an event type's example (as edited) for real: an event to every subscriber, or from
 * a webhook's page a message to it alone. Answers with the messages, for links.
 */
export const sendExampleAction = defineAction(
  "sendExample",
  { schema: sendExampleSchema, role: "editor" },
  async (input, { db, send }) => {
    const sent = await sendExample(db, send, input);
    revalidatePath("/webhooks", "layout");
    revalidatePath("/messages");
    return sent;
  },
);

/** The examples a webhook's Send example dialog offers, read when it opens. */
export const webhookExamplesAction = defineAction(
  "webhookExamples",
  { schema: z.strictObject({ webhookId: webhookIdSchema }), role: "editor" },
  async ({ webhookId }, { db }) => examplesForWebhook(db, webhookId),
);

/** The examples a payload filter's preview tries: those of the event types being subscribed. */
export const filterExamplesAction = defineAction(
  "filterExamples",
  { schema: z.strictObject({ eventTypes: generalFields.eventTypes }), role: "editor" },
  async ({ eventTypes }, { db }) => examplesForPatterns(db, eventTypes),
);

/** Retry: attempts a Retrying message now; delivers a finished one again. */
export const retryMessageAction = defineAction(
  "retryMessage",
  { schema: messageRefSchema, role: "editor" },
  async ({ id }, { db, send }) => {
    const result = await retryMessage(db, send, id);
    revalidatePath("/webhooks", "layout");
    return result;
  },
);

/** Cancel: a Created or Retrying message gets no further attempts. */
export const cancelMessageAction = defineAction(
  "cancelMessage",
  { schema: messageRefSchema, role: "editor" },
  async ({ id }, { db }) => {
    await cancelMessage(db, id);
    revalidatePath("/webhooks", "layout");
  },
);

const bulkSchema = z.strictObject({
  action: z.enum(BULK_ACTIONS, "Bulk action must be retry, cancel or delete"),
  webhook: z.string().max(20).default(""),
  status: z.enum(MESSAGE_STATUS_FILTERS, "Not a message status").default("all"),
  type: z.string().max(200).default(""),
  range: z.enum(TIME_RANGES, "Not a time range").default("all"),
  q: z.string().max(200).default(""),
  /** Only messages created at or after this instant ("Retry failed since…"). */
  since: z.iso
    .datetime({ offset: true, message: "since is a date and time, e.g. 2026-12-01T09:00:00Z" })
    .optional(),
});

/** The bulk form's filters as the queries take them. */
const bulkFilters = (input: z.output<typeof bulkSchema>) => ({
  ...messageFiltersOf(input),
  since: input.since ? new Date(input.since) : undefined,
});

/** How many messages a bulk action would touch, to show before confirming. */
export const countBulkAction = defineAction(
  "countBulkAction",
  { schema: bulkSchema, role: "editor" },
  async (input, { db }) => ({
    count: await countBulkTargets(db, input.action, bulkFilters(input)),
  }),
);

export const runBulkMessageAction = defineAction(
  "runBulkMessageAction",
  { schema: bulkSchema, role: "editor" },
  async (input, { db, user, send }) => {
    const count = await runBulkAction(db, send, input.action, bulkFilters(input), user);
    revalidatePath("/webhooks", "layout");
    revalidatePath("/messages");
    return { count };
  },
);
