import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { users, type Role, type User } from "@/db/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/mutations";
import { findUserByEmail } from "./queries";

export async function createUser(
  db: Executor,
  input: { email: string; name: string; password: string; role: Role },
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      role: input.role,
    })
    .returning();
  return user!;
}

/** Consecutive failures allowed before the account is locked for a while. */
export const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;

/** 30 s after the fifth failure, doubling with each further one, at most 15 minutes. */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, 30_000 * 2 ** (failures - FREE_FAILURES));
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks a password and keeps the per-account failure count. A locked account is refused
 * without looking at the password, so guessing during the lock gains nothing.
 */
export async function attemptSignIn(
  db: Executor,
  email: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  // An invited user has no password until the invitation is accepted.
  if (!user || user.disabledAt || !user.passwordHash) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return { ok: false, reason: "throttled", retryAt: user.lockedUntil };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const [updated] = await db
      .update(users)
      .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
      .where(eq(users.id, user.id))
      .returning({ failedSignIns: users.failedSignIns });
    const lockMs = lockDurationMs(updated?.failedSignIns ?? 0);
    const retryAt = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
    if (retryAt) {
      await db.update(users).set({ lockedUntil: retryAt }).where(eq(users.id, user.id));
    }
    await recordAudit(db, user, {
      entityType: "user",
      entityId: user.id,
      action: retryAt ? "sign_in.locked" : "sign_in.failed",
    });
    return retryAt ? { ok: false, reason: "throttled", retryAt } : { ok: false, reason: "invalid" };
  }
  const [signedIn] = await db
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now })
    .where(eq(users.id, user.id))
    .returning();
  await recordAudit(db, user, { entityType: "user", entityId: user.id, action: "signed_in" });
  return { ok: true, user: signedIn! };
}
