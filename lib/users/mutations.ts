import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { signInThrottle, users, type Role, type User } from "@/db/schema";
import { throttleClient } from "@/lib/auth/client-address";
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

/** Consecutive failures from one client address before the name is locked for it. */
export const FREE_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;
/** Failures from all addresses together, in one window, before the name is locked for all. */
export const ACCOUNT_FREE_FAILURES = 50;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;
/** The throttle row counting the name's failures from every address. */
const EVERY_CLIENT = "*";

/**
 * When a name with `failures` failures from one address (an SQL expression) is locked until
 * for that address: 30 s after the fifth failure, doubling with each further one, at most
 * 15 minutes; null before the fifth.
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

const later = (...dates: (Date | string | null | undefined)[]) =>
  dates.reduce<Date | null>((max, d) => {
    const date = d ? new Date(d) : null;
    return date && (!max || date > max) ? date : max;
  }, null);

/**
 * Checks a password, counting failures per account name whether the account exists or not,
 * so an unknown account answers exactly as an existing one would.
 *
 * Failures are counted per name and client address (`address`: lib/auth/client-address.ts),
 * so one address guessing locks the name for that address only and the real user elsewhere
 * still signs in; and per name across all addresses, in 15-minute windows, so a guess spread
 * over many addresses is slowed too: ACCOUNT_FREE_FAILURES in a window lock the name for
 * everyone until the window ends. One address alone cannot reach that (its own lock lets
 * through about ten failures in 15 minutes). Clients whose address is unknown share one count.
 *
 * The check is counted before the (slow) password hash runs, in one statement that also
 * refuses it while the name is locked for the address or for all: guesses sent at once are
 * serialized on the rows, and at most FREE_FAILURES of them are ever checked before the
 * lock. A locked name is refused without looking at the password, so guessing during the
 * lock gains nothing. A success clears the address's count.
 */
export async function attemptSignIn(
  db: Executor,
  email: string,
  password: string,
  { address = null, now = new Date() }: { address?: string | null; now?: Date } = {},
): Promise<SignInResult> {
  const account = email.trim().toLowerCase();
  const client = throttleClient(address);
  const windowOver = sql`t.counting_since <= ${now}::timestamptz - interval '1 millisecond' * ${ACCOUNT_WINDOW_MS}`;
  // The account-wide row is counted only when the address's is (`from mine`), and neither
  // while the name is locked for everyone.
  const { rows } = await db.execute<{
    mine_counted: boolean;
    every_counted: boolean;
    mine_locked_until: Date | string | null;
    every_locked_until: Date | string | null;
  }>(sql`
    with mine as (
      insert into ${signInThrottle} as t
        (account, client, failures, locked_until, counting_since, updated_at)
      select ${account}, ${client}, 1, ${lockedUntilSql(sql`1`, now)}, ${now}, ${now}
      where not exists (
        select 1 from ${signInThrottle}
        where account = ${account} and client = ${EVERY_CLIENT} and locked_until > ${now})
      on conflict (account, client) do update set
        failures = t.failures + 1,
        locked_until = ${lockedUntilSql(sql`t.failures + 1`, now)},
        updated_at = ${now}
      where t.locked_until is null or t.locked_until <= ${now}
      returning locked_until
    ), every as (
      insert into ${signInThrottle} as t
        (account, client, failures, locked_until, counting_since, updated_at)
      select ${account}, ${EVERY_CLIENT}, 1, null, ${now}, ${now} from mine
      on conflict (account, client) do update set
        failures = case when ${windowOver} then 1 else t.failures + 1 end,
        counting_since = case when ${windowOver} then ${now} else t.counting_since end,
        locked_until = case when not ${windowOver} and t.failures + 1 >= ${ACCOUNT_FREE_FAILURES}
          then t.counting_since + interval '1 millisecond' * ${ACCOUNT_WINDOW_MS} end,
        updated_at = ${now}
      where t.locked_until is null or t.locked_until <= ${now}
      returning locked_until
    )
    select exists (select 1 from mine) as mine_counted,
      exists (select 1 from every) as every_counted,
      (select locked_until from mine) as mine_locked_until,
      (select locked_until from every) as every_locked_until`);
  const counted = rows[0]!;
  if (!counted.mine_counted || !counted.every_counted) {
    const locks = await db
      .select({ until: signInThrottle.lockedUntil })
      .from(signInThrottle)
      .where(
        and(
          eq(signInThrottle.account, account),
          inArray(signInThrottle.client, [client, EVERY_CLIENT]),
        ),
      );
    return { ok: false, reason: "throttled", retryAt: later(...locks.map((l) => l.until)) ?? now };
  }
  // Set when this failure locks the name (for the address or for all): a wrong password is
  // then refused as locked.
  const lockedUntil = later(counted.mine_locked_until, counted.every_locked_until);
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
  await db
    .delete(signInThrottle)
    .where(and(eq(signInThrottle.account, account), eq(signInThrottle.client, client)));
  const [signedIn] = await db
    .update(users)
    .set({ lastSignInAt: now })
    .where(eq(users.id, user!.id))
    .returning();
  await recordAudit(db, user!, { entityType: "user", entityId: user!.id, action: "signed_in" });
  return { ok: true, user: signedIn! };
}
