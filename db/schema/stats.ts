import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { webhooks } from "./webhooks";

/**
 * Statistics kept up to date as messages and attempts are written, so the Statistics tab
 * never scans the attempts table: totals per webhook (CloudBlue's counters) and hourly
 * buckets with a latency histogram (for the charts and the p50/p95 lines).
 */
export const webhookStats = pgTable("webhook_stats", {
  webhookId: text()
    .primaryKey()
    .references(() => webhooks.id, { onDelete: "cascade" }),
  /**
   * Messages created for the webhook (events and Test pings) up to `eventsCountedUntil`;
   * later ones are counted from the messages table when read, so that publishing an event
   * never waits for these rows (lib/stats/record.ts, countNewMessages).
   */
  events: bigint({ mode: "number" }).notNull().default(0),
  eventsCountedUntil: timestamp({ withTimezone: true }),
  /** Attempts made: every HTTP request sent, or tried. */
  triggers: bigint({ mode: "number" }).notNull().default(0),
  successes: bigint({ mode: "number" }).notNull().default(0),
  failures: bigint({ mode: "number" }).notNull().default(0),
  failuresSinceSuccess: integer().notNull().default(0),
  lastEventAt: timestamp({ withTimezone: true }),
  lastSuccessAt: timestamp({ withTimezone: true }),
  lastSuccessMessageId: text(),
  lastSuccessAttempt: integer(),
  lastFailureAt: timestamp({ withTimezone: true }),
  lastFailureMessageId: text(),
  lastFailureAttempt: integer(),
});

/** Upper bounds (ms) of the latency histogram's bins; the last bin holds everything slower. */
export const LATENCY_BINS_MS = [
  5,
  10,
  20,
  30,
  50,
  75,
  100,
  150,
  200,
  300,
  500,
  750,
  1000,
  1500,
  2000,
  3000,
  5000,
  10_000,
  30_000,
  Infinity,
] as const;

export const webhookStatBuckets = pgTable(
  "webhook_stat_buckets",
  {
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    hour: timestamp({ withTimezone: true }).notNull(),
    successes: integer().notNull().default(0),
    failures: integer().notNull().default(0),
    /** Attempts per latency bin (LATENCY_BINS_MS), 1-based in SQL. */
    latency: integer().array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.webhookId, t.hour] }),
    index("webhook_stat_buckets_hour_idx").on(t.hour),
  ],
);

/**
 * Events a webhook's payload filter turned away, by hour: those it did not match, and those it
 * failed on (counted as no match), with the last failure's reason. Written by publishing, in
 * the statement that stores the event (lib/messages/publish.ts).
 */
export const webhookFilterBuckets = pgTable(
  "webhook_filter_buckets",
  {
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    hour: timestamp({ withTimezone: true }).notNull(),
    unmatched: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    lastError: text(),
    lastErrorAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.webhookId, t.hour] }),
    index("webhook_filter_buckets_hour_idx").on(t.hour),
  ],
);

/**
 * Each rate-limited webhook's next free turn: the second (Unix seconds) and how many of its
 * turns are taken. A turn may lie ahead: messages beyond the limit hold turns in later
 * seconds, in order (lib/delivery/rate-limit.ts).
 */
export const webhookRateTurns = pgTable("webhook_rate_turns", {
  webhookId: text()
    .primaryKey()
    .references(() => webhooks.id, { onDelete: "cascade" }),
  second: bigint({ mode: "number" }).notNull(),
  taken: integer().notNull(),
});

export type WebhookStats = typeof webhookStats.$inferSelect;
