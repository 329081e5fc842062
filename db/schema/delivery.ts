import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { EVENT_SOURCES, MESSAGE_KINDS, MESSAGE_STATUSES, type ErrorKind } from "./enums";
import { webhooks } from "./webhooks";

export const messageStatusEnum = pgEnum("message_status", MESSAGE_STATUSES);
export const messageKindEnum = pgEnum("message_kind", MESSAGE_KINDS);
export const eventSourceEnum = pgEnum("event_source", EVENT_SOURCES);

/** One occurrence published by the back office or from the console; stored once. */
export const events = pgTable(
  "events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    product: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    source: eventSourceEnum().notNull(),
    idempotencyKey: text(),
    /** The answer given to the publisher, replayed for a repeated idempotency key. */
    messageCount: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("events_idempotency_key").on(t.idempotencyKey),
    index("events_created_at_idx").on(t.createdAt),
  ],
);

/** One payload for one webhook. The payload is fixed when the message is created. */
export const messages = pgTable(
  "messages",
  {
    id: text().primaryKey(),
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventId: text().references(() => events.id, { onDelete: "set null" }),
    kind: messageKindEnum().notNull(),
    eventType: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The event's W3C trace context (lib/delivery/trace.ts); null for messages before it. */
    traceparent: text(),
    status: messageStatusEnum().notNull().default("created"),
    attempts: integer().notNull().default(0),
    /** Bumped by Retry on a finished message: each delivery round is its own run. */
    round: integer().notNull().default(1),
    /** When the next attempt is due (lib/delivery/due.ts): a waiting message is a row. */
    nextAttemptAt: timestamp({ withTimezone: true }),
    /** A drain holds the message until then: its request is in flight. */
    claimedUntil: timestamp({ withTimezone: true }),
    /**
     * Parked until deliveries resume ("resumed") or its webhook is enabled ("enabled"); or
     * holding a turn of its webhook's rate limit at `nextAttemptAt` ("rate_limit").
     */
    waitingFor: text().$type<"resumed" | "enabled" | "rate_limit">(),
    /** Why it waits without an attempt (an open circuit, a full share, paused), for the Logs. */
    waitingReason: text(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastResponseStatus: integer(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Retries stop here (10 days after creation, or after a Retry of a finished message). */
    deadlineAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
    /** The round whose failure the alerts job has reported (lib/alerts/scan.ts). */
    failureAlertedRound: integer(),
  },
  (t) => [
    // Keyset pages of the Logs tab and the Messages page: (created_at, id), newest first by
    // a backward scan. (A DESC index would be DESC NULLS LAST, which ORDER BY … DESC cannot use.)
    index("messages_webhook_created_idx").on(t.webhookId, t.createdAt, t.id),
    index("messages_created_idx").on(t.createdAt, t.id),
    // The Logs tab filtered by status (Failed, Retrying…): a range of this index, in order.
    index("messages_webhook_status_created_idx").on(t.webhookId, t.status, t.createdAt, t.id),
    index("messages_event_idx").on(t.eventId),
    // Pending messages by due time: the Statistics tab's "Next trigger", the sweeper.
    index("messages_pending_idx")
      .on(t.webhookId, t.nextAttemptAt)
      .where(sql`${t.status} in ('created', 'retrying')`),
    // The drains' claims: due messages of every webhook, oldest due first.
    index("messages_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('created', 'retrying') and ${t.nextAttemptAt} is not null`),
    // Failed messages the alerts job has not reported yet: few rows, whatever the table's size.
    index("messages_failure_unalerted_idx")
      .on(t.finishedAt)
      .where(sql`${t.status} = 'failed' and ${t.failureAlertedRound} is distinct from ${t.round}`),
  ],
);

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP request of a message and what came of it. */
export const attempts = pgTable(
  "attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    messageId: text()
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    webhookId: text().notNull(),
    number: integer().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    durationMs: integer().notNull(),
    request: jsonb().$type<RecordedRequest>().notNull(),
    responseStatus: integer(),
    responseHeaders: jsonb().$type<Record<string, string>>(),
    responseBody: text(),
    errorKind: text().$type<ErrorKind>(),
    errorMessage: text(),
    success: boolean().notNull(),
  },
  (t) => [
    uniqueIndex("attempts_message_number_key").on(t.messageId, t.number),
    index("attempts_webhook_started_idx").on(t.webhookId, t.startedAt),
  ],
);

/** Console-wide settings, such as the global delivery switch. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** When each background job last finished a run: what /api/health reports. */
export const heartbeats = pgTable("heartbeats", {
  name: text().primaryKey(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Event = typeof events.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
