import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { actorFor, freshDb } from "@/test/db";
import {
  acceptInvite,
  changeOwnPassword,
  changeUserRole,
  findInvite,
  inviteUser,
  reinviteUser,
  setUserDisabled,
} from "./admin";
import { attemptSignIn, createUser } from "./mutations";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

describe("user administration", () => {
  it("an invited user signs in only after accepting the link, which then stops working", async () => {
    const admin = await actorFor(db, "admin");
    const invite = await inviteUser(db, { email: "new@test.local", role: "editor" }, admin);
    expect(invite.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await attemptSignIn(db, "new@test.local", "")).ok).toBe(false);

    // The token itself is not stored, only its hash.
    const [row] = await db.select().from(users).where(eq(users.id, invite.id));
    expect(JSON.stringify(row)).not.toContain(invite.token);

    await acceptInvite(db, {
      token: invite.token,
      name: "New Person",
      password: "a-long-password",
    });
    const signedIn = await attemptSignIn(db, "new@test.local", "a-long-password");
    expect(signedIn.ok && signedIn.user.role).toBe("editor");
    expect(signedIn.ok && signedIn.user.name).toBe("New Person");
    const actions = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, invite.id))
      .orderBy(auditLog.id);
    expect(actions.map((a) => [a.action, a.actorLabel])).toEqual([
      ["invited", "admin@test.local"],
      ["invitation.accepted", "new@test.local"],
      ["signed_in", "new@test.local"],
    ]);
    await expect(
      acceptInvite(db, { token: invite.token, name: "Again", password: "another-password" }),
    ).rejects.toThrow(/expired or was already used/);
  });

  it("a new link replaces the old one; a second invite for the same email is a conflict", async () => {
    const admin = await actorFor(db, "admin");
    const first = await inviteUser(db, { email: "twice@test.local", role: "viewer" }, admin);
    await expect(
      inviteUser(db, { email: "twice@test.local", role: "admin" }, admin),
    ).rejects.toMatchObject({ code: "conflict", field: "email" });
    const second = await reinviteUser(db, first.id, admin);
    expect(await findInvite(db, first.token)).toBeNull();
    expect(await findInvite(db, second.token)).toMatchObject({ email: "twice@test.local" });
  });

  it("never leaves the console without an active admin", async () => {
    const admins = await db.select().from(users).where(eq(users.role, "admin"));
    // The template's own admin, and the test's actor.
    const actor = await actorFor(db, "admin");
    for (const other of admins.filter((a) => a.id !== actor.id!)) {
      await setUserDisabled(db, other.id, true, actor);
    }
    await expect(changeUserRole(db, actor.id!, "viewer", actor)).rejects.toThrow(
      /last active admin/,
    );
    await expect(setUserDisabled(db, actor.id!, true, actor)).rejects.toThrow(/last active admin/);

    const second = await createUser(db, {
      email: "second-admin@test.local",
      name: "Second",
      password: "second-password",
      role: "editor",
    });
    await changeUserRole(db, second.id, "admin", actor);
    await changeUserRole(db, actor.id!, "viewer", actor);
    const [demoted] = await db.select().from(users).where(eq(users.id, actor.id!));
    expect(demoted!.role).toBe("viewer");
    const changes = await db.select().from(auditLog).where(eq(auditLog.entityId, actor.id!));
    expect(changes.map((c) => c.changes)).toContainEqual({ role: { from: "admin", to: "viewer" } });
  });

  it("a user changes their password only with the current one", async () => {
    const user = await createUser(db, {
      email: "pw@test.local",
      name: "Pw",
      password: "old-password-123",
      role: "viewer",
    });
    const me = { id: user.id, email: user.email };
    await expect(
      changeOwnPassword(db, me, { currentPassword: "wrong", newPassword: "new-password-123" }),
    ).rejects.toMatchObject({ field: "currentPassword" });
    expect((await attemptSignIn(db, "pw@test.local", "old-password-123")).ok).toBe(true);
    await changeOwnPassword(db, me, {
      currentPassword: "old-password-123",
      newPassword: "new-password-123",
    });
    expect((await attemptSignIn(db, "pw@test.local", "old-password-123")).ok).toBe(false);
    expect((await attemptSignIn(db, "pw@test.local", "new-password-123")).ok).toBe(true);
  });

  it("a disabled user cannot sign in until enabled again", async () => {
    const admin = await actorFor(db, "admin");
    const user = await createUser(db, {
      email: "off@test.local",
      name: "Off",
      password: "off-password",
      role: "viewer",
    });
    await setUserDisabled(db, user.id, true, admin);
    expect((await attemptSignIn(db, "off@test.local", "off-password")).ok).toBe(false);
    await setUserDisabled(db, user.id, false, admin);
    expect((await attemptSignIn(db, "off@test.local", "off-password")).ok).toBe(true);
  });
});
