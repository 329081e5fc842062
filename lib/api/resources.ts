import { z } from "zod";
import {
  ERROR_KINDS,
  HTTP_METHODS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  PAYLOAD_FORMATS,
  RETRY_ON,
  RETRY_POLICIES,
  SIGNING_METHODS,
  type EventType,
  type Webhook,
} from "@/db/schema";
import { shownHeaders } from "@/lib/webhooks/credentials";
import type { getMessageDetail, MessageRow } from "@/lib/messages/queries";
import type { WebhookListRow } from "@/lib/webhooks/queries";

/*
 * What the REST API answers, as zod schemas (for the OpenAPI document and the tests) and the
 * functions that turn stored rows into them. Dates are ISO 8601 strings; secrets never
 * appear, and credential-like custom headers are masked for viewer keys.
 */

const dateTime = z.iso.datetime({ offset: true });
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: "Stable, machine-readable: invalid_request, not_found…" }),
      message: z.string(),
      field: z.string().optional().meta({ description: "The first field at fault" }),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: "Error" });

export const webhookSummarySchema = z
  .object({
    id: z.string().meta({ example: "WH-123-456-789" }),
    name: z.string(),
    description: z.string(),
    url: z.string(),
    method: z.enum(HTTP_METHODS),
    eventTypes: z.array(z.string()),
    product: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: "WebhookSummary" });

export const webhookSchema = webhookSummarySchema
  .extend({
    format: z.enum(PAYLOAD_FORMATS),
    signing: z.enum(SIGNING_METHODS),
    headers: z.record(z.string(), z.string()).meta({
      description:
        "Credential values (see the README) read •••••••• for every key; send that back to keep one",
    }),
    customData: z.record(z.string(), z.unknown()).nullable(),
    connectTimeoutSeconds: z.number(),
    responseTimeoutSeconds: z.number(),
    retryPolicy: z.enum(RETRY_POLICIES),
    retrySchedule: z.array(z.number()).nullable(),
    retryOn: z.enum(RETRY_ON),
    disableOnFailedTest: z.boolean(),
    filter: z.string().nullable().meta({
      description:
        "A CEL expression over `event` (`type`, `product`, `data`, `custom_data`); events it does not match make no message for this webhook. Null: every subscribed event",
      example: 'event.data.amount > 1000 && event.product == "PRD-1"',
    }),
    rateLimitPerSecond: z.number().int().nullable().meta({
      description:
        "At most this many deliveries begin in any one second; the others wait their turn, in order, without counting as failures. Null: no limit",
    }),
    forwardTraceparent: z.boolean().meta({
      description:
        "Each attempt carries a W3C `traceparent` in the event's trace (the publisher's, when it sent one)",
    }),
    lastSuccessAt: dateTime.nullable(),
    lastFailureAt: dateTime.nullable(),
    previousSecretExpiresAt: dateTime.nullable().meta({
      description:
        "After a rotation: until when the replaced secret still signs deliveries beside the new one",
    }),
  })
  .meta({ id: "Webhook" });

export function webhookSummaryOf(row: WebhookListRow): z.output<typeof webhookSummarySchema> {
  // Named field by field: the list's rows carry more (the console's health column).
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: row.url,
    method: row.method,
    eventTypes: row.eventTypes,
    product: row.product,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Until when a rotated-out secret still signs; null once it no longer does. */
function previousSecretExpiry(row: Webhook, now = new Date()) {
  return row.previousSecretEncrypted &&
    row.previousSecretExpiresAt &&
    row.previousSecretExpiresAt > now
    ? row.previousSecretExpiresAt.toISOString()
    : null;
}

export function webhookOf(row: Webhook): z.output<typeof webhookSchema> {
  const headers = Object.fromEntries(shownHeaders(row.headers).map((h) => [h.name, h.value]));
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: row.url,
    method: row.method,
    format: row.format,
    eventTypes: row.eventTypes,
    product: row.product,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    signing: row.signing,
    headers,
    customData: row.customData ?? null,
    connectTimeoutSeconds: row.connectTimeoutMs / 1000,
    responseTimeoutSeconds: row.responseTimeoutMs / 1000,
    retryPolicy: row.retryPolicy,
    retrySchedule: row.retrySchedule ?? null,
    retryOn: row.retryOn,
    disableOnFailedTest: row.disableOnFailedTest,
    filter: row.filter ?? null,
    rateLimitPerSecond: row.rateLimitPerSecond,
    forwardTraceparent: row.forwardTraceparent,
    lastSuccessAt: iso(row.lastSuccessAt),
    lastFailureAt: iso(row.lastFailureAt),
    previousSecretExpiresAt: previousSecretExpiry(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const webhookPageSchema = z
  .object({
    data: z.array(webhookSummarySchema),
    total: z.number().int(),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page" }),
  })
  .meta({ id: "WebhookPage" });

export const messageSummarySchema = z
  .object({
    id: z.string().meta({ example: "msg_2Jt…" }),
    webhookId: z.string(),
    webhookName: z.string(),
    eventId: z.string().nullable(),
    eventType: z.string(),
    kind: z.enum(MESSAGE_KINDS),
    status: z.enum(MESSAGE_STATUSES),
    attempts: z.number().int(),
    lastResponseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: dateTime.nullable(),
    waitingReason: z.string().nullable().meta({
      description:
        "Why a pending message waits without an attempt: its endpoint's circuit is open, its share of requests is full, deliveries are paused…",
    }),
    createdAt: dateTime,
  })
  .meta({ id: "MessageSummary" });

export function messageSummaryOf(row: MessageRow): z.output<typeof messageSummarySchema> {
  return { ...row, nextAttemptAt: iso(row.nextAttemptAt), createdAt: row.createdAt.toISOString() };
}

export const messagePageSchema = z
  .object({
    data: z.array(messageSummarySchema),
    count: z.number().int().meta({ description: "Exact up to 1,000, estimated beyond" }),
    countIsEstimate: z.boolean(),
    nextCursor: z.string().nullable().meta({ description: "Older messages: pass as `cursor`" }),
    prevCursor: z.string().nullable().meta({ description: "Newer messages: pass as `before`" }),
  })
  .meta({ id: "MessagePage" });

export const attemptSchema = z
  .object({
    number: z.number().int(),
    startedAt: dateTime,
    durationMs: z.number().int(),
    success: z.boolean(),
    request: z.object({
      url: z.string(),
      method: z.string(),
      headers: z.record(z.string(), z.string()).meta({ description: "Credentials masked" }),
      body: z.string(),
    }),
    responseStatus: z.number().int().nullable(),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable().meta({ description: "At most 64 KiB" }),
    errorKind: z.enum(ERROR_KINDS).nullable(),
    errorMessage: z.string().nullable(),
  })
  .meta({ id: "Attempt" });

export const messageSchema = messageSummarySchema
  .extend({
    payload: z.record(z.string(), z.unknown()),
    round: z.number().int(),
    lastAttemptAt: dateTime.nullable(),
    deadlineAt: dateTime,
    finishedAt: dateTime.nullable(),
    attemptList: z.array(attemptSchema),
  })
  .meta({ id: "Message" });

type MessageDetail = NonNullable<Awaited<ReturnType<typeof getMessageDetail>>>;

export function messageOf(detail: MessageDetail): z.output<typeof messageSchema> {
  const m = detail.message;
  return {
    id: m.id,
    webhookId: m.webhookId,
    webhookName: detail.webhookName,
    eventId: m.eventId,
    eventType: m.eventType,
    kind: m.kind,
    status: m.status,
    attempts: m.attempts,
    lastResponseStatus: m.lastResponseStatus,
    lastError: m.lastError,
    nextAttemptAt: iso(m.nextAttemptAt),
    waitingReason: m.waitingReason,
    createdAt: m.createdAt.toISOString(),
    payload: m.payload,
    round: m.round,
    lastAttemptAt: iso(m.lastAttemptAt),
    deadlineAt: m.deadlineAt.toISOString(),
    finishedAt: iso(m.finishedAt),
    attemptList: detail.attempts.map((a) => ({
      number: a.number,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      success: a.success,
      request: a.request,
      responseStatus: a.responseStatus,
      responseHeaders: a.responseHeaders,
      responseBody: a.responseBody,
      errorKind: a.errorKind,
      errorMessage: a.errorMessage,
    })),
  };
}

export const eventSchema = z
  .object({
    id: z.string().meta({ example: "evt_2Jt…" }),
    type: z.string(),
    product: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    source: z.string(),
    createdAt: dateTime,
    messages: z.array(
      z.object({
        id: z.string(),
        webhookId: z.string(),
        status: z.enum(MESSAGE_STATUSES),
        attempts: z.number().int(),
      }),
    ),
  })
  .meta({ id: "Event" });

export const eventTypeSchema = z
  .object({
    name: z.string().meta({ example: "application.created" }),
    description: z.string(),
    examplePayload: z.record(z.string(), z.unknown()),
    archived: z.boolean(),
    createdAt: dateTime,
  })
  .meta({ id: "EventType" });

export function eventTypeOf(row: EventType): z.output<typeof eventTypeSchema> {
  return {
    name: row.name,
    description: row.description,
    examplePayload: row.examplePayload,
    archived: row.archivedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

const attemptRef = z
  .object({ at: dateTime, messageId: z.string(), attempt: z.number().int().nullable() })
  .nullable();

export const statisticsSchema = z
  .object({
    counters: z.object({
      events: z.number().int(),
      eventsExact: z.boolean().meta({
        description: "False while messages are still being counted: events is then a lower bound",
      }),
      triggers: z.number().int().meta({ description: "Attempts made" }),
      successes: z.number().int(),
      failures: z.number().int(),
      failuresSinceSuccess: z.number().int(),
      lastEventAt: dateTime.nullable(),
      nextTriggerAt: dateTime.nullable(),
      lastSuccess: attemptRef,
      lastFailure: attemptRef,
    }),
    range: z.string(),
    filter: z
      .object({
        unmatched: z.number().int().meta({ description: "Events the filter did not match" }),
        failed: z.number().int().meta({
          description: "Events the filter failed on (a missing field…), counted as no match",
        }),
        lastError: z.object({ at: dateTime, error: z.string() }).nullable(),
      })
      .meta({ description: "Events the payload filter turned away over the range" }),
    series: z.array(
      z.object({
        start: dateTime,
        successes: z.number().int(),
        failures: z.number().int(),
        successRate: z.number().nullable(),
        p50: z.number().nullable(),
        p95: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: "Statistics" });

export const secretSchema = z.object({ secret: z.string() }).meta({ id: "WebhookSecret" });

export const rotatedSecretSchema = z
  .object({
    secret: z.string(),
    previousSecretExpiresAt: dateTime.nullable().meta({
      description: "Until when the replaced secret still signs beside the new one; null if not",
    }),
  })
  .meta({ id: "RotatedWebhookSecret" });

export const countSchema = z.object({ count: z.number().int() }).meta({ id: "Count" });
