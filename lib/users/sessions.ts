import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, lte, ne } from "drizzle-orm";
import type { Executor } from "@/db";
import { userSessions, users, type User } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/mutations";
import { notFound } from "@/lib/errors";

/*
 * Server-side sessions. The session cookie (a JWT signed with AUTH_SECRET) carries a random
 * session id; a session lives only while its row does, so signing out, a password change or
 * an admin's decision ends it for good, even for a cookie copied before.
 */

/** How long a session lasts unused; each use pushes the end back (the cookie's lifetime too). */
export const SESSION_IDLE_SECONDS = 12 * 60 * 60;
/** A session's last use is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60_000;
const USER_AGENT_MAX = 200;

/** The row's id: a SHA-256 of the cookie's session id, so the table cannot be replayed. */
export const sessionRowId = (rawId: string) => createHash("sha256").update(rawId).digest("hex");
const expiryAfter = (now: Date) => new Date(now.getTime() + SESSION_IDLE_SECONDS * 1000);

export interface SessionClient {
  userAgent?: string | null;
  address?: string | null;
}

/** Opens a session for a user who just signed in; returns the raw id for the cookie. */
export async function startSession(
  db: Executor,
  userId: string,
  client: SessionClient,
  now = new Date(),
): Promise<string> {
  const rawId = randomBytes(32).toString("base64url");
  // The user's expired sessions go now; nothing else needs to sweep them.
  await db
    .delete(userSessions)
    .where(and(eq(userSessions.userId, userId), lte(userSessions.expiresAt, now)));
  await db.insert(userSessions).values({
    id: sessionRowId(rawId),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: expiryAfter(now),
    userAgent: client.userAgent?.slice(0, USER_AGENT_MAX) || null,
    address: client.address || null,
  });
  return rawId;
}

const live = (now: Date) => and(gt(userSessions.expiresAt, now), isNull(users.disabledAt));

/** Who a live session belongs to, as the user is now. */
export type LiveSessionUser = Pick<User, "id" | "email" | "name" | "role">;

/**
 * The user behind the cookie's session, read fresh, or null when the session is not alive:
 * its row is gone (signed out, ended), it has expired, it belongs to someone else, or the
 * user is disabled. A live session's use is noted (and its end pushed back) when the last
 * note is a minute old or more.
 */
export async function checkSession(
  db: Executor,
  rawId: string,
  userId: string,
  now = new Date(),
): Promise<LiveSessionUser | null> {
  const id = sessionRowId(rawId);
  const [row] = await db
    .select({
      lastSeenAt: userSessions.lastSeenAt,
      user: { id: users.id, email: users.email, name: users.name, role: users.role },
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, id), eq(userSessions.userId, userId), live(now)));
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    await db
      .update(userSessions)
      .set({ lastSeenAt: now, expiresAt: expiryAfter(now) })
      .where(and(eq(userSessions.id, id), lt(userSessions.lastSeenAt, now)));
  }
  return row.user;
}

/** A user's live sessions, the most recently used first. */
export function listSessions(db: Executor, userId: string, now = new Date()) {
  return db
    .select({
      id: userSessions.id,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      userAgent: userSessions.userAgent,
      address: userSessions.address,
    })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), gt(userSessions.expiresAt, now)))
    .orderBy(desc(userSessions.lastSeenAt), desc(userSessions.createdAt));
}

export type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

/** Signing out: the session ends. */
export async function endSessionById(db: Executor, id: string) {
  await db.delete(userSessions).where(eq(userSessions.id, id));
}

/** Every session of a user, or every one but `keep`; returns how many ended. */
export async function endUserSessions(db: Executor, userId: string, keep?: string) {
  const ended = await db
    .delete(userSessions)
    .where(and(eq(userSessions.userId, userId), keep ? ne(userSessions.id, keep) : undefined))
    .returning({ id: userSessions.id });
  return ended.length;
}

/** A user ends one of their own sessions (from "Your account"). */
export async function endOwnSession(db: Executor, actor: Actor & { id: string }, id: string) {
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(userSessions)
      .where(and(eq(userSessions.id, id), eq(userSessions.userId, actor.id)))
      .returning({ id: userSessions.id });
    // Another user's session answers as one that does not exist.
    if (!ended.length) throw notFound("Session");
    await recordAudit(tx, actor, {
      entityType: "user",
      entityId: actor.id,
      action: "session.ended",
    });
  });
}

/** A user ends all their sessions but the one they use; returns how many ended. */
export async function endOwnOtherSessions(
  db: Executor,
  actor: Actor & { id: string; sessionId: string },
) {
  return db.transaction(async (tx) => {
    const ended = await endUserSessions(tx, actor.id, actor.sessionId);
    if (ended) {
      await recordAudit(tx, actor, {
        entityType: "user",
        entityId: actor.id,
        action: "sessions.ended",
        changes: { otherSessions: { from: ended, to: 0 } },
      });
    }
    return ended;
  });
}
