import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, userSessions, users } from "@/db/schema";
import { actorFor, freshDb } from "@/test/db";
import { changeOwnPassword, changeUserRole, setUserDisabled } from "./admin";
import { createUser } from "./mutations";
import {
  SESSION_IDLE_SECONDS,
  endOwnOtherSessions,
  endOwnSession,
  endSessionById,
  listSessions,
  sessionRowId,
  startSession,
  checkSession,
} from "./sessions";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

let n = 0;
/** A viewer of its own, so tests cannot end each other's sessions. */
async function someone() {
  n += 1;
  const user = await createUser(db, {
    email: `s${n}@test.local`,
    name: `S${n}`,
    password: "the-password-123",
    role: "viewer",
  });
  return { id: user.id, email: user.email };
}

const browser = { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0" };
const alive = async (rawId: string, userId: string, now?: Date) =>
  (await checkSession(db, rawId, userId, now)) !== null;
const ids = async (userId: string) => (await listSessions(db, userId)).map((s) => s.id).sort();

describe("a session", () => {
  it("is alive after sign-in; only a hash of its id is stored", async () => {
    const me = await someone();
    const rawId = await startSession(db, me.id, { userAgent: "x".repeat(500), address: "::1" });
    expect(rawId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await alive(rawId, me.id)).toBe(true);
    const rows = await db.select().from(userSessions).where(eq(userSessions.userId, me.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(sessionRowId(rawId));
    expect(JSON.stringify(rows)).not.toContain(rawId);
    expect(rows[0]!.userAgent).toHaveLength(200);
  });

  it("answers who the user is now, not who they were at sign-in", async () => {
    const me = await someone();
    const rawId = await startSession(db, me.id, browser);
    expect(await checkSession(db, rawId, me.id)).toEqual({
      id: me.id,
      email: me.email,
      name: expect.stringMatching(/^S\d+$/),
      role: "viewer",
    });
    await db.update(users).set({ name: "Renamed", role: "editor" }).where(eq(users.id, me.id));
    expect(await checkSession(db, rawId, me.id)).toMatchObject({ name: "Renamed", role: "editor" });
  });

  it("is not alive for another user, nor for an id never issued", async () => {
    const me = await someone();
    const other = await someone();
    const rawId = await startSession(db, me.id, browser);
    expect(await alive(rawId, other.id)).toBe(false);
    expect(await alive("never-issued", me.id)).toBe(false);
  });

  it("notes its use at most once a minute, each note pushing its end back", async () => {
    const me = await someone();
    const t0 = new Date("2026-11-24T10:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const rawId = await startSession(db, me.id, browser, t0);
    const row = async () =>
      (
        await db
          .select()
          .from(userSessions)
          .where(eq(userSessions.id, sessionRowId(rawId)))
      )[0]!;

    expect(await alive(rawId, me.id, at(30))).toBe(true);
    expect((await row()).lastSeenAt).toEqual(t0);
    expect(await alive(rawId, me.id, at(61))).toBe(true);
    expect((await row()).lastSeenAt).toEqual(at(61));
    expect((await row()).expiresAt).toEqual(at(61 + SESSION_IDLE_SECONDS));

    // Unused for the idle time since, it has ended.
    expect(await alive(rawId, me.id, at(61 + SESSION_IDLE_SECONDS))).toBe(false);
    expect(await listSessions(db, me.id, at(61 + SESSION_IDLE_SECONDS))).toEqual([]);
  });

  it("ends when signed out", async () => {
    const me = await someone();
    const rawId = await startSession(db, me.id, browser);
    await endSessionById(db, sessionRowId(rawId));
    expect(await alive(rawId, me.id)).toBe(false);
  });

  it("is not alive while its user is disabled", async () => {
    const me = await someone();
    const rawId = await startSession(db, me.id, browser);
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, me.id));
    expect(await alive(rawId, me.id)).toBe(false);
  });
});

describe("what ends sessions", () => {
  it("a password change ends the user's other sessions and keeps the one it was made in", async () => {
    const me = await someone();
    const here = await startSession(db, me.id, browser);
    const phone = await startSession(db, me.id, browser);
    const laptop = await startSession(db, me.id, browser);
    const stranger = await someone();
    const theirs = await startSession(db, stranger.id, browser);

    await changeOwnPassword(
      db,
      { ...me, sessionId: sessionRowId(here) },
      { currentPassword: "the-password-123", newPassword: "a-new-password-456" },
    );
    expect(await alive(here, me.id)).toBe(true);
    expect(await alive(phone, me.id)).toBe(false);
    expect(await alive(laptop, me.id)).toBe(false);
    expect(await alive(theirs, stranger.id)).toBe(true);
  });

  it("an admin's role change or disabling ends all of that user's sessions", async () => {
    const admin = await actorFor(db, "admin");
    const adminSession = await startSession(db, admin.id!, browser);
    const promoted = await someone();
    const promotedSession = await startSession(db, promoted.id, browser);
    const disabled = await someone();
    const disabledSessions = [
      await startSession(db, disabled.id, browser),
      await startSession(db, disabled.id, browser),
    ];

    await changeUserRole(db, promoted.id, "editor", admin);
    await setUserDisabled(db, disabled.id, true, admin);
    expect(await alive(promotedSession, promoted.id)).toBe(false);
    for (const rawId of disabledSessions) expect(await alive(rawId, disabled.id)).toBe(false);
    // Enabled again, the user signs in anew: no old session comes back.
    await setUserDisabled(db, disabled.id, false, admin);
    for (const rawId of disabledSessions) expect(await alive(rawId, disabled.id)).toBe(false);
    expect(await alive(adminSession, admin.id!)).toBe(true);
  });

  it("a user ends one of their own sessions, not someone else's, and it is audited", async () => {
    const me = await someone();
    const mine = await startSession(db, me.id, browser);
    const other = await startSession(db, me.id, browser);
    const stranger = await someone();
    const theirs = await startSession(db, stranger.id, browser);

    await expect(endOwnSession(db, me, sessionRowId(theirs))).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await alive(theirs, stranger.id)).toBe(true);

    await endOwnSession(db, me, sessionRowId(other));
    expect(await ids(me.id)).toEqual([sessionRowId(mine)]);
    const entries = await db
      .select({ action: auditLog.action, actor: auditLog.actorLabel })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, me.id)));
    expect(entries).toEqual([{ action: "session.ended", actor: me.email }]);
  });

  it("'end all other sessions' keeps only the one in use", async () => {
    const me = await someone();
    const here = await startSession(db, me.id, browser);
    await startSession(db, me.id, browser);
    await startSession(db, me.id, browser);

    const ended = await endOwnOtherSessions(db, { ...me, sessionId: sessionRowId(here) });
    expect(ended).toBe(2);
    expect(await ids(me.id)).toEqual([sessionRowId(here)]);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, me.id), eq(auditLog.action, "sessions.ended")));
    expect(entry?.changes).toEqual({ otherSessions: { from: 2, to: 0 } });
  });

  it("a new sign-in clears the user's expired sessions", async () => {
    const me = await someone();
    const old = new Date(Date.now() - (SESSION_IDLE_SECONDS + 60) * 1000);
    await startSession(db, me.id, browser, old);
    const fresh = await startSession(db, me.id, browser);
    const rows = await db.select().from(userSessions).where(eq(userSessions.userId, me.id));
    expect(rows.map((r) => r.id)).toEqual([sessionRowId(fresh)]);
  });
});
