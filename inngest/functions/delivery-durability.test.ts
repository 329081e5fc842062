import { eq, inArray } from "drizzle-orm";
import type { Pool } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { attempts, messages, webhooks } from "@/db/schema";
import { listAuditForEntity } from "@/lib/audit/queries";
import type { Actor } from "@/lib/audit/mutations";
import { AUTO_DISABLE_AFTER_MS, waitingRecheckMs } from "@/lib/delivery/attempt";
import { enqueueMessages, wakeWaitingMessages } from "@/lib/messages/operations";
import { publishEvent } from "@/lib/messages/publish";
import { dueEvent } from "@/lib/delivery/due";
import { STUCK_CREATED_MS, sweepStuckMessages } from "@/lib/delivery/sweep";
import { setWebhookEnabled } from "@/lib/webhooks/mutations";
import { deliveriesPaused, setDeliveriesPaused } from "@/lib/settings/settings";
import { waitFor } from "@/test/wait-for";
import { deliveryHarness } from "@/test/delivery-harness";

/**
 * Delivery when things stop and start again: disabled webhooks, the global pause, the local
 * executor restarted mid-backoff, the 5-day auto-disable and Retry-After. Everything is real:
 * Postgres, receivers on 127.0.0.1, the inngest SDK served over HTTP and the local executor.
 * Each test uses its own event type so that tests never receive each other's messages.
 */

const h = deliveryHarness({ role: "admin", hookName: "Durable hook" });
const { hits, script, send, publish, webhook, messageOf, statusIs, hitsOn, restartExecutor } = h;
let db: Db;
let pool: Pool;
let actor: Actor;
beforeAll(() => {
  ({ db, pool, actor } = h);
});

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

const allStatus = (ids: string[], status: string) => async () => {
  const rows = await db.select().from(messages).where(inArray(messages.id, ids));
  return rows.length === ids.length && rows.every((m) => m.status === status) && rows;
};
const attemptsOf = (id: string) => db.select().from(attempts).where(eq(attempts.messageId, id));

const pathOf = (w: { url: string }) => new URL(w.url).pathname;
const hitsFor = (messageId: string) => hits.filter((h) => h.headers["webhook-id"] === messageId);

/** Waits until a statement starting with `statement` waits for a lock another session holds. */
const blockedOn = (statement: string, what: string) =>
  waitFor(
    async () => {
      const { rows } = await pool.query(
        `select 1 from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and query like $1`,
        [`%${statement}%`],
      );
      return rows.length > 0;
    },
    30_000,
    what,
  );

/** The latest drain asked for a message's due time (lib/delivery/due.ts), as the executor stores it. */
async function drainFor(message: { nextAttemptAt: Date | null }) {
  const { rows } = await pool.query<{ id: string; status: string }>(
    `select id, status from executor.runs
     where function_id like '%retry-due'
       and (event->'data'->>'at')::timestamptz between $1 and $1::timestamptz + interval '2 s'
     order by (event->'data'->>'at')::timestamptz limit 1`,
    [message.nextAttemptAt],
  );
  return rows[0];
}

/**
 * The message is parked until its next check (at least waitingRecheckMs(0) away, far beyond
 * the few seconds of the retry schedules used here): an attempt found the webhook disabled or
 * deliveries paused, sent nothing and wrote when to look again. Returns the message and when
 * that check is due, which the console shows as its next attempt.
 */
const parked = (messageId: string) => async () => {
  const message = await messageOf(messageId);
  const recheckAt = message.nextAttemptAt?.getTime();
  if (!recheckAt || message.claimedUntil) return false;
  return recheckAt - Date.now() >= waitingRecheckMs(0) / 2 && { message, recheckAt };
};

describe("delivery durability", () => {
  it("a disabled webhook's retrying message waits, then goes out when it is enabled again", async () => {
    const type = "account.created";
    const w = await webhook({ eventTypes: [type], retrySchedule: "3, 3" });
    script[pathOf(w)] = [500];
    const m = (await publish(type, { account: { id: 1 } })).messages[0]!;
    const retrying = await waitFor(statusIs(m.id, "retrying"), 30_000, "the first failure");
    await setWebhookEnabled(db, w.id, false, actor);
    expect(Date.now()).toBeLessThan(retrying.nextAttemptAt!.getTime()); // disabled in time

    // The retry falls due while the webhook is disabled: nothing is sent, the message waits.
    const { message: waiting, recheckAt } = await waitFor(
      parked(m.id),
      30_000,
      "the retry to find it disabled",
    );
    expect(Date.now()).toBeGreaterThan(retrying.nextAttemptAt!.getTime());
    expect(waiting).toMatchObject({ status: "retrying", attempts: 1, lastResponseStatus: 500 });
    expect(hitsOn(pathOf(w))).toHaveLength(1);
    expect(await attemptsOf(m.id)).toHaveLength(1);

    // Enabled again the way the console's toggle does it (setWebhookEnabledAction).
    const enabledAt = Date.now();
    await setWebhookEnabled(db, w.id, true, actor);
    await wakeWaitingMessages(db, send, w.id);
    const done = await waitFor(statusIs(m.id, "success"), 30_000, "delivery after enabling");
    expect(done.attempts).toBe(2);
    const [first, second] = hitsOn(pathOf(w));
    expect(hitsOn(pathOf(w))).toHaveLength(2);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(second!.at).toBeGreaterThanOrEqual(enabledAt);
    expect(second!.at).toBeLessThan(recheckAt); // woken by the enable, not by its next check
    const recorded = await attemptsOf(m.id);
    expect(recorded.map((a) => [a.number, a.responseStatus, a.success]).sort()).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
  }, 60_000);

  it("while deliveries are paused nothing is sent; after resuming every waiting message goes out", async () => {
    const type = "account.updated";
    const a = await webhook({ eventTypes: [type], retrySchedule: "3, 3" });
    const b = await webhook({ eventTypes: [type] });
    script[pathOf(a)] = [500];
    // Before the pause: b's message is delivered, a's is retrying.
    const before = await publish(type, { n: 1 });
    const early = before.messages.find((m) => m.webhookId === a.id)!;
    const retrying = await waitFor(statusIs(early.id, "retrying"), 30_000, "the first failure");
    await waitFor(allStatus([before.messages.find((m) => m.webhookId === b.id)!.id], "success"));

    await setDeliveriesPaused(db, true, actor);
    try {
      expect(await deliveriesPaused(db)).toBe(true);
      expect(Date.now()).toBeLessThan(retrying.nextAttemptAt!.getTime()); // paused in time
      // Published while paused: stored, handed over, but the first attempts send nothing.
      const during = await publish(type, { n: 2 });
      expect(during.messageCount).toBe(2);
      const rechecks: number[] = [];
      for (const m of during.messages) {
        const { message, recheckAt } = await waitFor(parked(m.id), 30_000, "a paused attempt");
        expect(message).toMatchObject({
          status: "created",
          attempts: 0,
          lastAttemptAt: null,
          waitingReason: "Deliveries are paused", // what the Logs show
        });
        rechecks.push(recheckAt);
      }
      // The retry that fell due during the pause sent nothing either.
      const { message: early2, recheckAt } = await waitFor(
        parked(early.id),
        30_000,
        "the paused retry",
      );
      rechecks.push(recheckAt);
      expect(Date.now()).toBeGreaterThan(retrying.nextAttemptAt!.getTime());
      expect(early2).toMatchObject({ status: "retrying", attempts: 1 });
      for (const m of during.messages) {
        expect(hitsFor(m.id)).toHaveLength(0);
        expect(await attemptsOf(m.id)).toHaveLength(0);
      }
      expect(hitsFor(early.id)).toHaveLength(1);

      // Resumed the way the Settings switch does it (setDeliveriesPausedAction).
      const resumedAt = Date.now();
      await setDeliveriesPaused(db, false, actor);
      await wakeWaitingMessages(db, send, null);
      const ids = [early.id, ...during.messages.map((m) => m.id)];
      await waitFor(allStatus(ids, "success"), 30_000, "delivery after resuming");
      expect(hitsFor(early.id)).toHaveLength(2);
      // Woken by the resume, not by their next checks.
      for (const id of ids) {
        const sent = hitsFor(id).at(-1)!.at;
        expect(sent).toBeGreaterThanOrEqual(resumedAt);
        expect(sent).toBeLessThan(Math.min(...rechecks));
      }
      for (const m of during.messages) {
        expect(hitsFor(m.id)).toHaveLength(1);
        expect(await messageOf(m.id)).toMatchObject({ attempts: 1 });
      }
    } finally {
      await setDeliveriesPaused(db, false, actor);
    }
    const audit = await listAuditForEntity(db, "settings", "deliveries");
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["deliveries.paused", "deliveries.resumed"]),
    );
  }, 90_000);

  it("an attempt that read 'paused' just before the resume is not parked until its next check", async () => {
    const type = "user.deleted";
    const w = await webhook({ eventTypes: [type] });
    await setDeliveriesPaused(db, true, actor);
    const locker = await pool.connect();
    let id: string;
    let resumedAt: number;
    try {
      const published = await publishEvent(db, { type, payload: { user: 3 }, source: "api" });
      id = published.messages[0]!.id;
      // The message's row is held, so its attempt reads "paused" and then waits to write.
      await locker.query("begin");
      await locker.query("select 1 from messages where id = $1 for update", [id]);
      await enqueueMessages(send, published.messages);
      await blockedOn("update messages m set", "the paused attempt to wait for the row");
      // Resumed meanwhile, the way the Settings switch does it: the wake skips the held row.
      await setDeliveriesPaused(db, false, actor);
      resumedAt = Date.now();
      await wakeWaitingMessages(db, send, null);
    } finally {
      await locker.query("rollback").catch(() => undefined);
      locker.release();
      await setDeliveriesPaused(db, false, actor);
    }
    // Its wait, written after the resume, ends at once, and the wake's second drain sends it.
    await waitFor(statusIs(id, "success"), 45_000, "delivery after the resume");
    const sent = hitsOn(pathOf(w))[0]!.at;
    expect(sent).toBeGreaterThanOrEqual(resumedAt);
    expect(sent - resumedAt).toBeLessThan(waitingRecheckMs(0));
    expect(hitsOn(pathOf(w))).toHaveLength(1);
  }, 120_000);

  it("a run stopped mid-backoff resumes on a new executor: the retry arrives, nothing lost", async () => {
    const type = "application.updated";
    const w = await webhook({ eventTypes: [type], retrySchedule: "5, 5" });
    script[pathOf(w)] = [500];
    const m = (await publish(type, { application: { id: 2 } })).messages[0]!;
    const retrying = await waitFor(statusIs(m.id, "retrying"), 30_000, "the first failure");
    const dueAt = retrying.nextAttemptAt!.getTime();
    // The backoff is a row, and the drain asked for its time sleeps in Postgres.
    await waitFor(
      async () => (await drainFor(retrying))?.status === "sleeping",
      30_000,
      "the drain",
    );

    let downUntil = 0;
    await restartExecutor(async () => {
      // Stopped mid-backoff: the drain still sleeps, the retry not sent yet.
      expect((await drainFor(retrying))?.status).toBe("sleeping");
      expect(hitsOn(pathOf(w))).toHaveLength(1);
      await sleepUntil(dueAt + 1000); // and still down when it fell due
      expect(hitsOn(pathOf(w))).toHaveLength(1);
      expect(await messageOf(m.id)).toMatchObject({ status: "retrying", attempts: 1 });
      downUntil = Date.now();
    });

    const done = await waitFor(statusIs(m.id, "success"), 30_000, "the retry after the restart");
    expect(done.attempts).toBe(2);
    const [first, second] = hitsOn(pathOf(w));
    expect(hitsOn(pathOf(w))).toHaveLength(2);
    expect(first!.headers["webhook-id"]).toBe(m.id);
    expect(second!.headers["webhook-id"]).toBe(m.id);
    expect(second!.at).toBeGreaterThanOrEqual(downUntil); // sent by the new executor
    expect(await attemptsOf(m.id)).toHaveLength(2);
  }, 60_000);

  it("an executor stopped while it claims a due retry sends nothing once stopped", async () => {
    const type = "application.plan_changed";
    const w = await webhook({ eventTypes: [type], retrySchedule: "3, 3" });
    script[pathOf(w)] = [500];
    const m = (await publish(type, { application: { id: 6 } })).messages[0]!;
    const retrying = await waitFor(statusIs(m.id, "retrying"), 30_000, "the first failure");
    const drain = await waitFor(
      async () => (await drainFor(retrying))?.status === "sleeping" && (await drainFor(retrying)),
      30_000,
      "the drain",
    );

    // Another session holds the drain's row, so the executor's claim of the due retry blocks:
    // the stop below lands while a claim is in progress, as it can at any moment.
    const locker = await pool.connect();
    let stoppedAt = 0;
    try {
      await locker.query("begin");
      await locker.query("select id from executor.runs where id = $1 for update", [drain.id]);
      await sleepUntil(retrying.nextAttemptAt!.getTime());
      await blockedOn("update executor.runs set", "the executor's claim to block");
      const stopping = h.executor.stop();
      setTimeout(() => void locker.query("rollback"), 300);
      await stopping;
      stoppedAt = Date.now();
    } finally {
      await locker.query("rollback").catch(() => undefined);
      locker.release();
    }
    // Whatever the stopped executor had claimed ran before stop() returned; nothing after.
    await new Promise((r) => setTimeout(r, 1000));
    expect(hitsFor(m.id).filter((h) => h.at >= stoppedAt)).toHaveLength(0);

    await restartExecutor(); // stop() again is a no-op
    const done = await waitFor(statusIs(m.id, "success"), 30_000, "the retry");
    expect(done.attempts).toBe(2);
    expect(hitsFor(m.id)).toHaveLength(2);
  }, 60_000);

  it("messages stored while the executor is down stay Created and are delivered after the restart", async () => {
    const type = "application.deleted";
    const a = await webhook({ eventTypes: [type] });
    const b = await webhook({ eventTypes: [type] });
    const stored: { id: string; webhookId: string }[] = [];
    await restartExecutor(async () => {
      // As the events API does: stored first (accepted), then the hand-over fails.
      await Promise.all(
        [1, 2, 3].map(async (n) => {
          const published = await publishEvent(db, {
            type,
            payload: { application: { id: n } },
            source: "api",
          });
          stored.push(...published.messages);
          await expect(enqueueMessages(send, published.messages)).rejects.toThrow();
        }),
      );
    });
    expect(stored).toHaveLength(6);
    const ids = stored.map((m) => m.id);
    const rows = await db.select().from(messages).where(inArray(messages.id, ids));
    expect(rows.every((m) => m.status === "created" && m.attempts === 0)).toBe(true);
    expect(hits.filter((h) => ids.includes(h.headers["webhook-id"] as string))).toHaveLength(0);

    // Nothing re-sends a lost hand-over but the sweeper (sweep-messages, every minute), and
    // only once a message is STUCK_CREATED_MS old: age them, and let its cron fall due now.
    await db
      .update(messages)
      .set({ createdAt: new Date(Date.now() - STUCK_CREATED_MS - 60_000) })
      .where(inArray(messages.id, ids));
    const { rowCount } = await pool.query(
      "update executor.crons set next_at = now() where function_id like '%sweep-messages'",
    );
    expect(rowCount).toBe(1); // the restarted executor still has the sweeper's schedule
    await waitFor(allStatus(ids, "success"), 30_000, "the swept messages");
    for (const id of ids) expect(hitsFor(id)).toHaveLength(1);
    for (const w of [a, b]) expect(hitsOn(pathOf(w))).toHaveLength(3);
  }, 60_000);

  it("a first attempt handed over and still out when the sweeper looks is sent once, not again by a drain", async () => {
    // The sweeper takes a message Created and never attempted HOOKYARD_SWEEP_AFTER_SECONDS
    // after it was stored for a lost hand-over (15 s in the launcher tests). A first attempt
    // can be out that long: a slow endpoint, or a busy machine's restart whose queued runs
    // start as the overdue sweeper does. Its request must not go out a second time meanwhile.
    const type = "asset_request.created";
    const w = await webhook({ eventTypes: [type], responseTimeoutSeconds: 30 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    script[pathOf(w)] = [{ status: 200, until: held }];
    const m = (await publish(type, { asset_request: { id: 1 } })).messages[0]!;
    try {
      await waitFor(async () => hitsFor(m.id).length === 1, 30_000, "the first attempt");
      // Handed over: its run has returned, the request goes on in the background.
      await waitFor(
        async () => {
          const { rows } = await pool.query(
            `select 1 from executor.runs where function_id like '%first-attempts'
               and status = 'completed' and event->'data'->'messages' @> $1::jsonb`,
            [JSON.stringify([{ messageId: m.id }])],
          );
          return rows.length > 0;
        },
        30_000,
        "the hand-over",
      );
      // The sweeper, as if the message were old enough, then a drain of whatever is due.
      const { rows: now } = await pool.query<{ since: Date }>("select now() as since");
      await sweepStuckMessages(db, send, new Date(), 500, 0);
      await send([dueEvent(null)]);
      await waitFor(
        async () => {
          const { rows } = await pool.query<{ status: string }>(
            `select status from executor.runs
             where function_id like '%retry-due' and created_at >= $1`,
            [now[0]!.since],
          );
          return rows.length > 0 && rows.every((r) => r.status === "completed");
        },
        30_000,
        "the drains",
      );
      expect(hitsFor(m.id)).toHaveLength(1);
    } finally {
      release();
    }
    const done = await waitFor(statusIs(m.id, "success"), 30_000, "the first attempt's outcome");
    expect(done).toMatchObject({ attempts: 1, claimedUntil: null });
    expect(await attemptsOf(m.id)).toHaveLength(1);
    expect(hitsFor(m.id)).toHaveLength(1);
  }, 60_000);

  it("a webhook failing for 5 days is disabled with the reason recorded, and its message waits", async () => {
    const type = "user.created";
    const old = await webhook({ eventTypes: [type], retrySchedule: "1, 1, 1" });
    const recent = await webhook({ eventTypes: [type], retrySchedule: "1, 1, 1" });
    const day = 24 * 3600 * 1000;
    await db
      .update(webhooks)
      .set({ failingSince: new Date(Date.now() - AUTO_DISABLE_AFTER_MS - day) })
      .where(eq(webhooks.id, old.id));
    await db
      .update(webhooks)
      .set({ failingSince: new Date(Date.now() - AUTO_DISABLE_AFTER_MS + day) })
      .where(eq(webhooks.id, recent.id));
    // One more failure each; a later attempt would succeed.
    script[pathOf(old)] = [500];
    script[pathOf(recent)] = [500];
    const published = await publish(type, { user: { id: 3 } });
    const mOld = published.messages.find((m) => m.webhookId === old.id)!;
    const mRecent = published.messages.find((m) => m.webhookId === recent.id)!;

    const disabled = await waitFor(
      async () => {
        const [row] = await db.select().from(webhooks).where(eq(webhooks.id, old.id));
        return row && !row.enabled && row;
      },
      30_000,
      "the auto-disable",
    );
    expect(disabled.disabledReason).toBe("Deliveries kept failing for 5 days");
    const history = await listAuditForEntity(db, "webhook", old.id);
    expect(history.filter((e) => e.action === "disabled")).toEqual([
      expect.objectContaining({
        actorLabel: "Hookyard",
        actorId: null,
        changes: {
          enabled: { from: true, to: false },
          disabledReason: { from: null, to: "Deliveries kept failing for 5 days" },
        },
      }),
    ]);

    // Its message is not attempted again: the due retry finds the webhook disabled and waits.
    const { message: waiting } = await waitFor(
      parked(mOld.id),
      30_000,
      "the retry to find it disabled",
    );
    expect(waiting).toMatchObject({ status: "retrying", attempts: 1, lastResponseStatus: 500 });
    expect(hitsFor(mOld.id)).toHaveLength(1);
    expect(await attemptsOf(mOld.id)).toHaveLength(1);

    // Four days of failures is not enough: that one retries, succeeds and stays enabled.
    await waitFor(statusIs(mRecent.id, "success"), 30_000, "the other webhook's retry");
    const [stillOn] = await db.select().from(webhooks).where(eq(webhooks.id, recent.id));
    expect(stillOn).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });

    // And the disabled webhook gets no new messages.
    const next = await publish(type, { user: { id: 4 } });
    expect(next.messages.map((m) => m.webhookId)).toEqual([recent.id]);
    await waitFor(allStatus([next.messages[0]!.id], "success"));
    expect(hitsFor(mOld.id)).toHaveLength(1);
  }, 60_000);

  it("429 and 503 honour Retry-After: the retry comes when the receiver asked", async () => {
    const type = "user.updated";
    // The schedule says 60 s; the header says 1 s.
    const sooner = await webhook({ eventTypes: [type], retrySchedule: "60" });
    // The schedule says 1 s; the header says 3 s.
    const later = await webhook({ eventTypes: [type], retrySchedule: "1" });
    script[pathOf(sooner)] = [{ status: 503, headers: { "retry-after": "1" } }];
    script[pathOf(later)] = [{ status: 429, headers: { "retry-after": "3" } }];
    const published = await publish(type, { user: { id: 5 } });
    const ids = published.messages.map((m) => m.id);
    expect(ids).toHaveLength(2);
    await waitFor(allStatus(ids, "success"), 45_000, "both retries");

    const [s1, s2] = hitsOn(pathOf(sooner));
    expect(hitsOn(pathOf(sooner))).toHaveLength(2);
    expect(s2!.headers["webhook-id"]).toBe(s1!.headers["webhook-id"]);
    expect(s2!.at - s1!.at).toBeGreaterThanOrEqual(1000);
    expect(s2!.at - s1!.at).toBeLessThan(30_000); // not the schedule's 60 s

    const [l1, l2] = hitsOn(pathOf(later));
    expect(hitsOn(pathOf(later))).toHaveLength(2);
    expect(l2!.headers["webhook-id"]).toBe(l1!.headers["webhook-id"]);
    expect(l2!.at - l1!.at).toBeGreaterThanOrEqual(3000); // not the schedule's 1 s

    for (const id of ids) {
      const recorded = await attemptsOf(id);
      expect(recorded.map((a) => a.success).sort()).toEqual([false, true]);
      expect(await messageOf(id)).toMatchObject({ status: "success", attempts: 2 });
    }
  }, 60_000);
});
