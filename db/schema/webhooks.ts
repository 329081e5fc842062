import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { HTTP_METHODS, PAYLOAD_FORMATS, RETRY_ON, RETRY_POLICIES, SIGNING_METHODS } from "./enums";
import { users } from "./users";

export const httpMethodEnum = pgEnum("http_method", HTTP_METHODS);
export const payloadFormatEnum = pgEnum("payload_format", PAYLOAD_FORMATS);
export const signingMethodEnum = pgEnum("signing_method", SIGNING_METHODS);
export const retryPolicyEnum = pgEnum("retry_policy", RETRY_POLICIES);
export const retryOnEnum = pgEnum("retry_on", RETRY_ON);

/** A custom header as a person or the API gives it; `secret` asks for it to be kept encrypted. */
export interface HeaderEntry {
  name: string;
  value: string;
  secret?: boolean;
}

/**
 * A custom header as stored: a credential (lib/webhooks/credentials.ts) keeps only `sealed`,
 * its value encrypted like the signing secret; any other keeps `value`.
 */
export interface StoredHeader {
  name: string;
  value?: string;
  sealed?: string;
}

export const webhooks = pgTable(
  "webhooks",
  {
    /** Public id, shown and routed as `WH-123-456-789`. */
    id: text().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(""),
    /**
     * The URL as anyone may see it: the values of credential query parameters
     * (lib/webhooks/credentials.ts) are masked. When it has any, the whole URL is kept in
     * `urlSealed`, encrypted like the signing secret, and delivery uses that.
     */
    url: text().notNull(),
    urlSealed: text(),
    method: httpMethodEnum().notNull().default("POST"),
    format: payloadFormatEnum().notNull().default("json"),
    eventTypes: text().array().notNull(),
    product: text(),
    enabled: boolean().notNull().default(true),
    disabledReason: text(),
    signing: signingMethodEnum().notNull().default("standard"),
    /** AES-256-GCM ciphertext of the signing secret; see lib/crypto/secrets.ts. */
    secretEncrypted: text().notNull(),
    /**
     * After a rotation, the secret it replaced, still signing beside the new one until
     * `previousSecretExpiresAt` so receivers can switch without downtime (Standard Webhooks
     * carries several signatures; JWT signs with the new one only).
     */
    previousSecretEncrypted: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    headers: jsonb().$type<StoredHeader[]>().notNull().default([]),
    customData: jsonb().$type<Record<string, unknown>>(),
    /**
     * A CEL expression over the event (lib/webhooks/filter.ts): an event it does not match
     * makes no message for this webhook. Null: every subscribed event.
     */
    filter: text(),
    /**
     * At most this many deliveries begin in any one second (lib/delivery/rate-limit.ts); the
     * rest wait their turn, in order. Null: no limit.
     */
    rateLimitPerSecond: integer(),
    /** Sends each attempt's W3C `traceparent`, in the event's trace (lib/delivery/trace.ts). */
    forwardTraceparent: boolean().notNull().default(false),
    retryPolicy: retryPolicyEnum().notNull().default("exponential"),
    /** Seconds between attempts; only for the custom policy. */
    retrySchedule: integer().array(),
    retryOn: retryOnEnum().notNull().default("non_2xx"),
    /** The seed's Test rule: a Test ping that fails disables the webhook. */
    disableOnFailedTest: boolean().notNull().default(false),
    /** Delivery health, kept by each attempt: for JWT claims, statistics and auto-disable. */
    lastSuccessAt: timestamp({ withTimezone: true }),
    lastFailureAt: timestamp({ withTimezone: true }),
    /** The first failure since the last success; 5 days of this disables the webhook. */
    failingSince: timestamp({ withTimezone: true }),
    connectTimeoutMs: integer().notNull().default(3000),
    responseTimeoutMs: integer().notNull().default(10000),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("webhooks_name_key").on(sql`lower(${t.name})`),
    index("webhooks_created_at_idx").on(t.createdAt, t.id),
    index("webhooks_event_types_idx").using("gin", t.eventTypes),
  ],
);

export type Webhook = typeof webhooks.$inferSelect;
export type NewWebhook = typeof webhooks.$inferInsert;
