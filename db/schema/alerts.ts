import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./users";
import { webhooks } from "./webhooks";

/**
 * Something an operator should look at (lib/alerts): shown in the console's Alerts list and,
 * as an event of a `hookyard.*` type, sent to the webhooks subscribed to them. One row per
 * occurrence, except failed messages, which gather per webhook and hour (`count`).
 */
export const alerts = pgTable(
  "alerts",
  {
    id: text().primaryKey(),
    /** The event type, e.g. `hookyard.webhook_disabled` (lib/alerts/types.ts). */
    type: text().notNull(),
    webhookId: text().references(() => webhooks.id, { onDelete: "set null" }),
    /** What makes two occurrences one alert: a webhook's failure streak, an hour's failures. */
    dedupeKey: text().notNull().unique(),
    /** The latest occurrence's payload, as the event carries it. */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    count: integer().notNull().default(1),
    /**
     * Raised where no event could be sent (inside a delivery's transaction): the alerts job
     * publishes it and clears this. An outbox of one column.
     */
    eventPending: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("alerts_updated_idx").on(t.updatedAt, t.id),
    index("alerts_event_pending_idx")
      .on(t.createdAt)
      .where(sql`${t.eventPending} is not null`),
  ],
);

/** Which alerts a person has read, and when: an alert that gathers more is unread again. */
export const alertReads = pgTable(
  "alert_reads",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    alertId: text()
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    readAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.alertId] })],
);

export type Alert = typeof alerts.$inferSelect;
