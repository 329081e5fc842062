import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const eventTypes = pgTable("event_types", {
  name: text().primaryKey(),
  description: text().notNull().default(""),
  examplePayload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  archivedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type EventType = typeof eventTypes.$inferSelect;
