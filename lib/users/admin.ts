import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { users, type Role } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/mutations";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { DomainError, isUniqueViolation, notFound } from "@/lib/errors";
import { INVITE_DAYS, type AcceptInvite, type ChangePassword, type InviteUser } from "./schemas";
import { endUserSessions } from "./sessions";

/*
 * Managing the console's users from Settings: invitations (a link the admin passes on, as
 * there is no mail server to send one), roles, and disabling. There is always at least one
 * active admin.
 */

const ENTITY = "user";
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const newInvite = () => {
  const token = randomBytes(32).toString("base64url");
  return {
    token,
    columns: {
      inviteTokenHash: hashToken(token),
      inviteExpiresAt: new Date(Date.now() + INVITE_DAYS * 24 * 3600_000),
    },
  };
};

export function listUsers(db: Executor) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      lastSignInAt: users.lastSignInAt,
      invited: sql<boolean>`${users.inviteTokenHash} is not null`,
      inviteExpiresAt: users.inviteExpiresAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(sql`lower(${users.email})`));
}

export type UserRow = Awaited<ReturnType<typeof listUsers>>[number];

/** Invites a user with a role; returns the token for the link, shown this once. */
export async function inviteUser(db: Executor, input: InviteUser, actor: Actor) {
  const invite = newInvite();
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email,
          name: input.email.split("@")[0]!,
          passwordHash: "",
          role: input.role,
          ...invite.columns,
        })
        .returning({ id: users.id, email: users.email });
      await recordAudit(tx, actor, {
        entityType: ENTITY,
        entityId: user!.id,
        action: "invited",
        changes: { email: { from: null, to: input.email }, role: { from: null, to: input.role } },
      });
      return { ...user!, token: invite.token };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new DomainError("conflict", "A user with this email already exists", "email");
    }
    throw error;
  }
}

/** A new link for a user who has not accepted yet; the old one stops working. */
export async function reinviteUser(db: Executor, id: string, actor: Actor) {
  const invite = newInvite();
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ ...invite.columns, updatedAt: new Date() })
      .where(and(eq(users.id, id), sql`${users.inviteTokenHash} is not null`))
      .returning({ id: users.id, email: users.email });
    if (!user) throw new DomainError("conflict", "This user has already accepted the invitation");
    await recordAudit(tx, actor, { entityType: ENTITY, entityId: id, action: "reinvited" });
    return { ...user, token: invite.token };
  });
}

/** The invitation behind a link, if it is still valid. */
export async function findInvite(db: Executor, token: string) {
  const [user] = await db
    .select({ id: users.id, email: users.email, expiresAt: users.inviteExpiresAt })
    .from(users)
    .where(and(eq(users.inviteTokenHash, hashToken(token)), isNull(users.disabledAt)));
  if (!user || !user.expiresAt || user.expiresAt < new Date()) return null;
  return user;
}

/** The invitee sets their name and password; the link is used up. */
export async function acceptInvite(db: Executor, input: AcceptInvite) {
  const invite = await findInvite(db, input.token);
  if (!invite) {
    throw new DomainError(
      "not_found",
      "This invitation link has expired or was already used. Ask an admin for a new one.",
      "token",
    );
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({
        name: input.name,
        passwordHash,
        inviteTokenHash: null,
        inviteExpiresAt: null,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, invite.id), eq(users.inviteTokenHash, hashToken(input.token))))
      .returning({ id: users.id, email: users.email });
    if (!user) throw new DomainError("conflict", "This invitation was just used", "token");
    await recordAudit(tx, user, {
      entityType: ENTITY,
      entityId: user.id,
      action: "invitation.accepted",
    });
    return user;
  });
}

/** Refuses a change that would leave no active admin. */
async function assertAnotherAdmin(tx: Executor, id: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, id)));
  if (!row || row.n === 0) {
    throw new DomainError(
      "conflict",
      "This is the last active admin; make another user an admin first",
      "role",
    );
  }
}

async function lockedUser(tx: Executor, id: string) {
  // Admin changes are serialized, so two admins demoting each other cannot both succeed.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('hookyard:admins'))`);
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!user) throw notFound("User");
  return user;
}

export async function changeUserRole(db: Executor, id: string, role: Role, actor: Actor) {
  return db.transaction(async (tx) => {
    const user = await lockedUser(tx, id);
    if (user.role === role) return user;
    if (user.role === "admin" && !user.disabledAt) await assertAnotherAdmin(tx, id);
    const [after] = await tx
      .update(users)
      .set({ role, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    // The user signs in again to work with the new role: no page stays open on the old one.
    await endUserSessions(tx, id);
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: id,
      action: "role.changed",
      changes: { role: { from: user.role, to: role } },
    });
    return after!;
  });
}

/** Disables (every session ends at once) or enables a user. */
export async function setUserDisabled(db: Executor, id: string, disabled: boolean, actor: Actor) {
  return db.transaction(async (tx) => {
    const user = await lockedUser(tx, id);
    if (!!user.disabledAt === disabled) return user;
    if (disabled && user.role === "admin") await assertAnotherAdmin(tx, id);
    const [after] = await tx
      .update(users)
      .set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    if (disabled) await endUserSessions(tx, id);
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: id,
      action: disabled ? "disabled" : "enabled",
    });
    return after!;
  });
}

/**
 * A signed-in user changes their own password, proving they know the current one. Every
 * other session of theirs ends (someone who knew the old password may hold one); the session
 * they use (`actor.sessionId`) stays.
 */
export async function changeOwnPassword(
  db: Executor,
  actor: Actor & { id: string; sessionId?: string },
  input: ChangePassword,
) {
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw notFound("User");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("invalid", "That is not your current password", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    await endUserSessions(tx, user.id, actor.sessionId);
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: user.id,
      action: "password.changed",
    });
  });
}
