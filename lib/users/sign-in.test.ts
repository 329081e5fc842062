import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, signInThrottle, users } from "@/db/schema";
import { freshDb } from "@/test/db";
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_WINDOW_MS,
  FREE_FAILURES,
  attemptSignIn,
  createUser,
} from "./mutations";

let db: Db;
/** A viewer whose password is "right-password". */
const viewer = (email: string) =>
  createUser(db, { email, name: email, password: "right-password", role: "viewer" });

beforeAll(async () => {
  db = await freshDb();
  await createUser(db, {
    email: "Ops@Example.com",
    name: "Ops",
    password: "correct horse",
    role: "editor",
  });
});

describe("attemptSignIn", () => {
  it("accepts the right password, with the email in any case, and stores no plain password", async () => {
    const result = await attemptSignIn(db, "ops@example.COM", "correct horse");
    expect(result.ok).toBe(true);
    const [row] = await db.select().from(users).where(eq(users.email, "ops@example.com"));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain("correct horse");
  });

  it("refuses a wrong password and an unknown account alike", async () => {
    expect(await attemptSignIn(db, "ops@example.com", "wrong")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await attemptSignIn(db, "nobody@example.com", "wrong")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("locks the account after five failures in a row, even for the right password, until the lock ends", async () => {
    await viewer("target@example.com");
    const now = new Date("2026-11-24T10:00:00Z");
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push(await attemptSignIn(db, "target@example.com", `guess-${i}`, { now }));
    expect(results.slice(0, 4).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(results[4]).toMatchObject({ ok: false, reason: "throttled" });

    const during = await attemptSignIn(db, "target@example.com", "right-password", {
      now: new Date(now.getTime() + 10_000),
    });
    expect(during).toMatchObject({ ok: false, reason: "throttled" });

    const after = await attemptSignIn(db, "target@example.com", "right-password", {
      now: new Date(now.getTime() + 31_000),
    });
    expect(after.ok).toBe(true);
    // A success clears the address's count (here: every unknown address's).
    expect(
      await db
        .select()
        .from(signInThrottle)
        .where(
          and(
            eq(signInThrottle.account, "target@example.com"),
            eq(signInThrottle.client, "unknown"),
          ),
        ),
    ).toEqual([]);
  });

  it("checks at most five of 40 wrong passwords sent at once", async () => {
    const user = await viewer("raced@example.com");
    // One clock for all: the lock cannot run out while they are checked, however slowly.
    const now = new Date("2026-11-24T11:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attemptSignIn(db, "raced@example.com", `guess-${i}`, { now }),
      ),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(4);
    // Each password checked leaves an audit entry: five, not forty.
    const checked = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user.id), like(auditLog.action, "sign_in.%")));
    expect(checked).toHaveLength(5);
    const rows = await db
      .select({ client: signInThrottle.client, failures: signInThrottle.failures })
      .from(signInThrottle)
      .where(eq(signInThrottle.account, "raced@example.com"))
      .orderBy(signInThrottle.client);
    expect(rows).toEqual([
      { client: "*", failures: 5 },
      { client: "unknown", failures: 5 },
    ]);
  });

  it("answers an unknown account exactly as an existing one, lock included", async () => {
    await viewer("real@example.com");
    const now = new Date("2026-11-24T12:00:00Z");
    const answers = async (email: string) => {
      const out = [];
      for (let i = 0; i < 7; i++) out.push(await attemptSignIn(db, email, `guess-${i}`, { now }));
      return out;
    };
    expect(await answers("nobody-at-all@example.com")).toEqual(await answers("real@example.com"));
  });

  it("refuses a disabled account", async () => {
    await createUser(db, {
      email: "gone@example.com",
      name: "G",
      password: "pw-pw-pw",
      role: "viewer",
    });
    await db
      .update(users)
      .set({ disabledAt: new Date() })
      .where(eq(users.email, "gone@example.com"));
    expect(await attemptSignIn(db, "gone@example.com", "pw-pw-pw")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("the lock", () => {
  it("lasts 30 seconds after the fifth failure, doubling with each further one, at most 15 minutes", async () => {
    await viewer("doubling@example.com");
    let now = new Date("2026-11-24T14:00:00Z");
    const locks: number[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await attemptSignIn(db, "doubling@example.com", `guess-${i}`, { now });
      if (!result.ok && result.reason === "throttled") {
        locks.push(result.retryAt.getTime() - now.getTime());
        now = result.retryAt; // the next guess comes when the lock ends
      } else {
        expect(result).toEqual({ ok: false, reason: "invalid" });
      }
    }
    expect(locks).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });
});

describe("the lock per client address", () => {
  const attacker = "203.0.113.66";
  const realUser = "198.51.100.7";

  it("locks the name for the guessing address only: the real user elsewhere still signs in", async () => {
    await viewer("admin-ish@example.com");
    const now = new Date("2026-11-24T16:00:00Z");
    const guesses = [];
    for (let i = 0; i < FREE_FAILURES; i++) {
      guesses.push(
        await attemptSignIn(db, "admin-ish@example.com", `guess-${i}`, { address: attacker, now }),
      );
    }
    expect(guesses.at(-1)).toMatchObject({ ok: false, reason: "throttled" });
    const later = { now: new Date(now.getTime() + 10_000) };
    expect(
      await attemptSignIn(db, "admin-ish@example.com", "right-password", {
        address: attacker,
        ...later,
      }),
    ).toMatchObject({ ok: false, reason: "throttled" });

    const real = await attemptSignIn(db, "admin-ish@example.com", "right-password", {
      address: realUser,
      ...later,
    });
    expect(real.ok).toBe(true);
    // The real user's success does not lift the attacker's lock.
    expect(
      await attemptSignIn(db, "admin-ish@example.com", "right-password", {
        address: attacker,
        ...later,
      }),
    ).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("counts an IPv6 client by its /64, so changing address within it does not escape the lock", async () => {
    await viewer("six@example.com");
    const now = new Date("2026-11-24T17:00:00Z");
    for (let i = 0; i < FREE_FAILURES; i++) {
      await attemptSignIn(db, "six@example.com", `guess-${i}`, {
        address: `2001:db8:aa:bb::${i + 1}`,
        now,
      });
    }
    expect(
      await attemptSignIn(db, "six@example.com", "right-password", {
        address: "2001:db8:aa:bb::99",
        now,
      }),
    ).toMatchObject({ ok: false, reason: "throttled" });
    expect(
      (await attemptSignIn(db, "six@example.com", "right-password", { address: realUser, now })).ok,
    ).toBe(true);
  });

  it("one address guessing whenever its lock ends never locks the name for others", async () => {
    await viewer("patient@example.com");
    let now = new Date("2026-11-25T00:00:00Z");
    let checked = 0;
    // More failures in all than the account-wide bound, but never many in one window.
    while (checked <= ACCOUNT_FREE_FAILURES) {
      const result = await attemptSignIn(db, "patient@example.com", `guess-${checked}`, {
        address: attacker,
        now,
      });
      checked += 1;
      if (!result.ok && result.reason === "throttled") now = result.retryAt;
    }
    const real = await attemptSignIn(db, "patient@example.com", "right-password", {
      address: realUser,
      now,
    });
    expect(real.ok).toBe(true);
  }, 300_000);

  it("locks the name for everyone when many addresses guess, until the window ends, answering unknown names alike", async () => {
    await viewer("spread@example.com");
    const now = new Date("2026-11-25T12:00:00Z");
    const addresses = Array.from(
      { length: ACCOUNT_FREE_FAILURES / FREE_FAILURES },
      (_, i) => `192.0.2.${i + 1}`,
    );
    const spreadGuess = async (email: string) => {
      const answers = [];
      for (const address of addresses)
        for (let i = 0; i < FREE_FAILURES; i++)
          answers.push(await attemptSignIn(db, email, `guess-${i}`, { address, now }));
      return answers;
    };
    const answers = await spreadGuess("spread@example.com");
    const windowEnd = new Date(now.getTime() + ACCOUNT_WINDOW_MS);
    expect(answers.at(-1)).toEqual({ ok: false, reason: "throttled", retryAt: windowEnd });
    expect(await spreadGuess("nobody-spread@example.com")).toEqual(answers);

    // A fresh address with the right password waits too, until the window ends.
    const fresh = { address: realUser, now: new Date(windowEnd.getTime() - 1000) };
    expect(await attemptSignIn(db, "spread@example.com", "right-password", fresh)).toEqual({
      ok: false,
      reason: "throttled",
      retryAt: windowEnd,
    });
    const after = await attemptSignIn(db, "spread@example.com", "right-password", {
      address: realUser,
      now: windowEnd,
    });
    expect(after.ok).toBe(true);
  }, 300_000);
});
