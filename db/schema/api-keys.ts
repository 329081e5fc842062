import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roleEnum, users } from "./users";

/**
 * Keys for the REST API: the back office publishes events with them, scripts manage webhooks.
 * A key acts with its role, as a user would. Only a SHA-256 of each key is stored.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** The key's first characters, to tell keys apart in the console. */
    prefix: text().notNull(),
    hash: text().notNull(),
    /** Keys made before roles existed only published events: an editor's right. */
    role: roleEnum().notNull().default("editor"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** Requests a minute this key may make; null: the console's HOOKYARD_API_RATE_LIMIT. */
    rateLimitPerMinute: integer(),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.hash)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
