import {
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { ROLES } from "./enums";

export const roleEnum = pgEnum("role", ROLES);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: roleEnum().notNull().default("viewer"),
    disabledAt: timestamp({ withTimezone: true }),
    lastSignInAt: timestamp({ withTimezone: true }),
    /**
     * An invited user has no password until they open their invitation link: a SHA-256 of
     * its token is kept, with when it expires.
     */
    inviteTokenHash: text(),
    inviteExpiresAt: timestamp({ withTimezone: true }),
    /**
     * Every alert last changed by then is read ("Mark all as read"); before the first, the
     * account's creation stands for it (lib/alerts/queries.ts). Later reads are `alert_reads`.
     */
    alertsReadUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    uniqueIndex("users_invite_token_key").on(t.inviteTokenHash),
  ],
);

/**
 * Failed sign-ins by account name (the lower-cased email), whether the account exists or not:
 * both answer alike, so the answers tell no one which accounts exist. Each check is counted
 * before the password hash runs, so guesses sent at once cannot outrun the limit
 * (lib/users/mutations.ts, attemptSignIn). Counted twice: per client address, where a few
 * failures lock the name for that address only, and for the name across all addresses
 * (client "*"), in windows, where many do. A success removes the address's row.
 */
export const signInThrottle = pgTable(
  "sign_in_throttle",
  {
    account: text().notNull(),
    /** The client's address (its /64 for IPv6), "unknown" without a trusted proxy, or "*". */
    client: text().notNull(),
    failures: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    /** When the count began: an address's first failure; the account-wide row's window. */
    countingSince: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.account, t.client] })],
);

/**
 * A signed-in browser. The session cookie carries a random id; only its SHA-256 is kept, so
 * the table cannot be turned back into cookies. A session is valid while its row exists and
 * has not expired: signing out, a password change, an admin's role change or disabling
 * delete rows (lib/users/sessions.ts).
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Refreshed at most once a minute, with the expiry. */
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
    /** The client's address, when the server knows it. */
    address: text(),
  },
  (t) => [index("user_sessions_user_id_idx").on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type UserSession = typeof userSessions.$inferSelect;
export type NewUser = typeof users.$inferInsert;
