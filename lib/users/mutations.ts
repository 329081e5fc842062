import { eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { signInThrottle, users, type Role, type User } from "@/db/schema";
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

/** Consecutive failures allowed before the account name is locked for a while. */
export const FREE_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/**
 * When a name with `failures` failures (an SQL expression) is locked until: 30 s after the
 * fifth failure, doubling with each further one, at most 15 minutes; null before the fifth.
 */
const lockedUntilSql = (failures: SQL, now: Date) =>
  sql`case when ${failures} >= ${FREE_FAILURES}
    then ${now}::timestamptz + interval '1 millisecond'
      * least(${MAX_LOCK_MS}, ${FIRST_LOCK_MS} * power(2, ${failures} - ${FREE_FAILURES}))
  end`;

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks a password, counting failures per account name whether the account exists or not,
 * so an unknown account answers exactly as an existing one would. The check is counted
 * before the (slow) password hash runs, in one statement that also refuses it while the name
 * is locked: guesses sent at once are serialized on the row, and at most FREE_FAILURES of
 * them are ever checked before the lock. A locked name is refused without looking at the
 * password, so guessing during the lock gains nothing. A success clears the count.
 */
export async function attemptSignIn(
  db: Executor,
  email: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const account = email.trim().toLowerCase();
  const { rows: counted } = await db.execute<{ locked_until: Date | string | null }>(sql`
    insert into ${signInThrottle} as t (account, failures, locked_until, updated_at)
    values (${account}, 1, ${lockedUntilSql(sql`1`, now)}, ${now})
    on conflict (account) do update set
      failures = t.failures + 1,
      locked_until = ${lockedUntilSql(sql`t.failures + 1`, now)},
      updated_at = ${now}
    where t.locked_until is null or t.locked_until <= ${now}
    returning locked_until`);
  if (!counted.length) {
    const [locked] = await db
      .select({ until: signInThrottle.lockedUntil })
      .from(signInThrottle)
      .where(eq(signInThrottle.account, account));
    return { ok: false, reason: "throttled", retryAt: locked?.until ?? now };
  }
  // Set when this is the fifth failure in a row or more: a wrong password is then refused.
  const lockedUntil = counted[0]!.locked_until ? new Date(counted[0]!.locked_until) : null;
  const user = await findUserByEmail(db, account);
  // An invited user has no password until the invitation is accepted.
  const usable = user && !user.disabledAt && user.passwordHash;
  const right = usable
    ? await verifyPassword(user.passwordHash, password)
    : await burnPasswordCheck(password).then(() => false);
  if (!right) {
    // A failure against a password the account has (not an invited or disabled one) is audited.
    if (usable) {
      await recordAudit(db, user, {
        entityType: "user",
        entityId: user.id,
        action: lockedUntil ? "sign_in.locked" : "sign_in.failed",
      });
    }
    return lockedUntil
      ? { ok: false, reason: "throttled", retryAt: lockedUntil }
      : { ok: false, reason: "invalid" };
  }
  await db.delete(signInThrottle).where(eq(signInThrottle.account, account));
  const [signedIn] = await db
    .update(users)
    .set({ lastSignInAt: now })
    .where(eq(users.id, user!.id))
    .returning();
  await recordAudit(db, user!, { entityType: "user", entityId: user!.id, action: "signed_in" });
  return { ok: true, user: signedIn! };
}
