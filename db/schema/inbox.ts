import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** What the built-in Inbox (`/api/inbox/<name>`) received, newest kept, oldest dropped. */
export const inboxRequests = pgTable(
  "inbox_requests",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    inbox: text().notNull(),
    method: text().notNull(),
    /** Path and query string as received. */
    url: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull(),
    body: text().notNull(),
    size: integer().notNull(),
    truncated: boolean().notNull().default(false),
    /** Checked on arrival, as a receiver would: Standard Webhooks or JWT with the webhook's secret. */
    signature: jsonb().$type<InboxSignature>().notNull(),
    answeredStatus: integer().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("inbox_requests_inbox_received_idx").on(t.inbox, t.receivedAt)],
);

export type InboxSignature =
  | { scheme: "none" }
  | {
      scheme: "standard" | "jwt";
      verified: boolean;
      /** The webhook whose secret was used, when the message was found. */
      webhookId: string | null;
      detail: string;
    };

export type InboxRequest = typeof inboxRequests.$inferSelect;
