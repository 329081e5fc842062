import { z } from "zod";
import { cancelMessage, retryMessage } from "@/lib/messages/operations";
import { notFound } from "@/lib/errors";
import { runBulkAction } from "@/lib/messages/bulk";
import { countMessages, getMessageDetail, listMessages } from "@/lib/messages/queries";
import { messageIdSchema } from "@/lib/messages/schemas";
import {
  MESSAGE_STATUS_FILTERS,
  messageFiltersOf,
  TIME_RANGES,
} from "@/lib/messages/search-params";
import { webhookIdSchema } from "@/lib/webhooks/schemas";
import { defineEndpoint } from "../endpoint";
import {
  countSchema,
  messageOf,
  messagePageSchema,
  messageSchema,
  messageSummaryOf,
} from "../resources";
import { instantQuery, limitQuery } from "./query";
import { requireWebhook, webhookParams } from "./webhooks";

const TAG = "Messages";
const messageParams = z.strictObject({ id: messageIdSchema });

/** The Logs tab's filters, as query parameters. */
const filterFields = {
  status: z
    .enum(MESSAGE_STATUS_FILTERS, `status is one of ${MESSAGE_STATUS_FILTERS.join(", ")}`)
    .default("all"),
  eventType: z.string().max(100, "eventType must be at most 100 characters").default(""),
  range: z.enum(TIME_RANGES, `range is one of ${TIME_RANGES.join(", ")}`).default("all"),
  q: z.string().max(200, "q must be at most 200 characters").default("").meta({
    description: "A message id or an event id, exactly",
  }),
  limit: limitQuery(50),
  cursor: z.string().max(200).optional().meta({ description: "Older messages after this cursor" }),
  before: z.string().max(200).optional().meta({ description: "Newer messages before this cursor" }),
};

type ListQuery = z.output<z.ZodObject<typeof filterFields>>;

async function messagePage(
  db: Parameters<typeof listMessages>[0],
  query: ListQuery,
  webhookId?: string,
) {
  const filters = messageFiltersOf({ ...query, type: query.eventType }, webhookId);
  const now = new Date();
  const [page, counted] = await Promise.all([
    listMessages(db, filters, { older: query.cursor, newer: query.before }, now, query.limit),
    countMessages(db, filters, now),
  ]);
  return {
    data: page.rows.map(messageSummaryOf),
    count: counted.count,
    countIsEstimate: counted.capped,
    nextCursor: page.olderCursor,
    prevCursor: page.newerCursor,
  };
}

export const listMessagesEndpoint = defineEndpoint({
  operationId: "listMessages",
  method: "GET",
  path: "/messages",
  tag: TAG,
  summary: "List messages across webhooks",
  description: "Newest first, with the Logs tab's filters and keyset cursors.",
  role: "viewer",
  query: z.strictObject({
    ...filterFields,
    webhookId: webhookIdSchema.optional(),
  }),
  response: { status: 200, description: "A page of messages", schema: messagePageSchema },
  async handler({ query }, { db }) {
    return messagePage(db, query, query.webhookId);
  },
});

export const listWebhookMessagesEndpoint = defineEndpoint({
  operationId: "listWebhookMessages",
  method: "GET",
  path: "/webhooks/{id}/messages",
  tag: TAG,
  summary: "List a webhook's messages",
  description: "The Logs tab: newest first, filtered, with keyset cursors.",
  role: "viewer",
  params: webhookParams,
  query: z.strictObject(filterFields),
  response: { status: 200, description: "A page of messages", schema: messagePageSchema },
  errors: [404],
  async handler({ params, query }, { db }) {
    await requireWebhook(db, params.id);
    return messagePage(db, query, params.id);
  },
});

export const getMessageEndpoint = defineEndpoint({
  operationId: "getMessage",
  method: "GET",
  path: "/messages/{id}",
  tag: TAG,
  summary: "Get a message with its attempts",
  description: "The payload as sent and every attempt's request (credentials masked) and response.",
  role: "viewer",
  params: messageParams,
  response: { status: 200, description: "The message", schema: messageSchema },
  errors: [404],
  async handler({ params }, { db }) {
    const detail = await getMessageDetail(db, params.id);
    if (!detail) throw notFound("Message");
    return messageOf(detail);
  },
});

export const retryMessageEndpoint = defineEndpoint({
  operationId: "retryMessage",
  method: "POST",
  path: "/messages/{id}/retry",
  tag: TAG,
  summary: "Retry a message",
  description:
    "A Created or Retrying message is attempted now; a Failed, Cancelled or Successful one is delivered again as a new round.",
  role: "editor",
  params: messageParams,
  response: {
    status: 202,
    description: "Accepted: the attempt goes out now",
    schema: z.object({ round: z.number().int(), redelivered: z.boolean() }),
  },
  errors: [404, 409],
  async handler({ params }, { db, sendEvents }) {
    return retryMessage(db, sendEvents, params.id);
  },
});

export const cancelMessageEndpoint = defineEndpoint({
  operationId: "cancelMessage",
  method: "POST",
  path: "/messages/{id}/cancel",
  tag: TAG,
  summary: "Cancel a message",
  description: "A Created or Retrying message gets no further attempts; others answer 409.",
  role: "editor",
  params: messageParams,
  response: { status: 204, description: "Cancelled" },
  errors: [404, 409],
  async handler({ params }, { db }) {
    await cancelMessage(db, params.id);
  },
});

/** 3scale's "failed deliveries": list them, and delete them, optionally up to a time. */
const failedQuery = { webhookId: webhookIdSchema.optional(), eventType: filterFields.eventType };

export const listFailedMessagesEndpoint = defineEndpoint({
  operationId: "listFailedMessages",
  method: "GET",
  path: "/failed-messages",
  tag: TAG,
  summary: "List failed messages",
  description: "Messages whose retries ran out or that failed for good, newest first.",
  role: "viewer",
  query: z.strictObject({
    ...failedQuery,
    limit: limitQuery(50),
    cursor: filterFields.cursor,
    before: filterFields.before,
  }),
  response: { status: 200, description: "A page of failed messages", schema: messagePageSchema },
  async handler({ query }, { db }) {
    return messagePage(db, { ...query, status: "failed", range: "all", q: "" }, query.webhookId);
  },
});

export const deleteFailedMessagesEndpoint = defineEndpoint({
  operationId: "deleteFailedMessages",
  method: "DELETE",
  path: "/failed-messages",
  tag: TAG,
  summary: "Delete failed messages",
  description: "Every failed message, or those of one webhook or created before `until`.",
  role: "editor",
  query: z.strictObject({ ...failedQuery, until: instantQuery("until").optional() }),
  response: { status: 200, description: "How many were deleted", schema: countSchema },
  async handler({ query }, { db, principal, sendEvents }) {
    const count = await runBulkAction(
      db,
      sendEvents,
      "delete",
      { webhookId: query.webhookId, eventType: query.eventType, until: query.until },
      principal.actor,
    );
    return { count };
  },
});

export const recoverMessagesEndpoint = defineEndpoint({
  operationId: "recoverFailedMessages",
  method: "POST",
  path: "/messages/recover",
  tag: TAG,
  summary: "Recover failed messages since a time",
  description:
    "Delivers again every failed message created since `since` (and before `until`), of one webhook or all, as Svix's recover does.",
  role: "editor",
  body: z.strictObject({
    since: instantQuery("since"),
    until: instantQuery("until").optional(),
    webhookId: webhookIdSchema.optional(),
  }),
  response: { status: 202, description: "How many are delivered again", schema: countSchema },
  async handler({ body }, { db, principal, sendEvents }) {
    const count = await runBulkAction(
      db,
      sendEvents,
      "retry",
      { webhookId: body.webhookId, since: body.since, until: body.until },
      principal.actor,
    );
    return { count };
  },
});
