import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { webhookStats } from "@/db/schema";
import { createDirectMessage } from "@/lib/messages/publish";
import { createTestWebhook, freshDb } from "@/test/db";
import { getStatSeries, getWebhookCounters, quantileMs, UNFOLDED_COUNT_LIMIT } from "./queries";
import {
  countAttempts,
  countNewMessages,
  FOLD_LOCK_KEY,
  FOLD_ON_READ_LIMIT,
  latencyBin,
  type CountedAttempt,
} from "./record";
import { dayTicks, STAT_RANGES, statIntervals } from "./series";

let db: Db;
let webhookId: string;
let batchedId: string;
const now = new Date("2026-11-24T12:30:00Z");
const hoursAgo = (h: number, minute = 10) => new Date(Date.UTC(2026, 10, 24, 12 - h, minute));

/**
 * `count` messages of a webhook written at once, as a bulk load or a burst leaves them, a
 * second apart from `from` — except `tied` of them from the `tiedFrom`-th on, which share a time.
 */
async function writeMessages(
  id: string,
  count: number,
  from: Date,
  { tiedFrom = -1, tied = 0 } = {},
) {
  await db.execute(sql`
    insert into messages (id, webhook_id, kind, event_type, payload, status, attempts,
                          created_at, deadline_at)
    select 'msg_' || md5(${id} || i), ${id}, 'event', 'application.created', '{}'::jsonb,
           'success', 1, t.at, t.at + interval '10 days'
    from generate_series(0, ${count - 1}::int) i,
         lateral (select ${from.toISOString()}::timestamptz + interval '1 second' *
           (case when i >= ${tiedFrom}::int and i < ${tiedFrom + tied}::int
                 then ${tiedFrom}::int else i end) as at) t`);
}

/** The folded figure, and how many messages it should hold: those up to where it stops. */
async function folded(id: string) {
  const [row] = await db.select().from(webhookStats).where(eq(webhookStats.webhookId, id));
  const {
    rows: [held],
  } = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from messages
    where webhook_id = ${id} and created_at <= ${row?.eventsCountedUntil?.toISOString() ?? "-infinity"}::timestamptz`);
  return { events: row?.events ?? 0, until: row?.eventsCountedUntil ?? null, held: held!.n };
}

beforeAll(async () => {
  db = await freshDb();
  webhookId = await createTestWebhook(db, "Counted");
  batchedId = await createTestWebhook(db, "Counted in one batch");
});

describe("statistics", () => {
  it("puts a duration in the right histogram bin and reads percentiles back", () => {
    expect(latencyBin(1)).toBe(1);
    expect(latencyBin(10)).toBe(2);
    expect(latencyBin(11)).toBe(3);
    expect(latencyBin(120_000)).toBe(20);
    const histogram = new Array(20).fill(0);
    histogram[6] = 90; // 75–100 ms
    histogram[10] = 10; // 300–500 ms
    expect(quantileMs(histogram, 0.5)).toBeGreaterThan(75);
    expect(quantileMs(histogram, 0.5)).toBeLessThanOrEqual(100);
    expect(quantileMs(histogram, 0.95)).toBeGreaterThan(300);
    expect(quantileMs(new Array(20).fill(0), 0.5)).toBeNull();
  });

  it("keeps CloudBlue's counters as messages and attempts are written", async () => {
    for (const at of [hoursAgo(3), hoursAgo(3), hoursAgo(1)]) {
      await createDirectMessage(db, webhookId, "manual", at);
      await createDirectMessage(db, batchedId, "manual", at);
    }
    const attempt = (messageId: string, number: number, success: boolean, at: Date, ms = 80) => ({
      webhookId,
      messageId,
      number,
      startedAt: at,
      durationMs: ms,
      success,
    });
    const written: CountedAttempt[] = [
      attempt("msg_a", 1, false, hoursAgo(3)),
      attempt("msg_a", 2, true, hoursAgo(3, 40), 400),
      attempt("msg_b", 1, true, hoursAgo(2)),
      attempt("msg_c", 1, false, hoursAgo(1)),
      attempt("msg_c", 2, false, hoursAgo(1, 30)),
    ];
    for (const one of written) await countAttempts(db, [one]);
    // The same attempts written at once, out of order, as a delivery batch writes them.
    await countAttempts(
      db,
      [...written].reverse().map((a) => ({ ...a, webhookId: batchedId })),
    );

    const counters = await getWebhookCounters(db, webhookId);
    expect(await getWebhookCounters(db, batchedId)).toEqual(counters);
    // New messages are counted from the messages table until they are folded in, every
    // minute; the figures are the same either way, and a second fold counts nothing twice.
    await countNewMessages(db);
    expect(await getWebhookCounters(db, webhookId)).toEqual(counters);
    await countNewMessages(db);
    expect(await getWebhookCounters(db, webhookId)).toEqual(counters);
    const justNow = new Date();
    await createDirectMessage(db, webhookId, "manual", justNow);
    expect(await getWebhookCounters(db, webhookId)).toMatchObject({
      events: 4,
      lastEventAt: justNow,
    });
    expect(counters).toMatchObject({
      events: 3,
      triggers: 5,
      successes: 2,
      failures: 3,
      failuresSinceSuccess: 2,
      lastEventAt: hoursAgo(1),
      lastSuccess: { messageId: "msg_b", attempt: 1, at: hoursAgo(2) },
      lastFailure: { messageId: "msg_c", attempt: 2, at: hoursAgo(1, 30) },
    });
  });

  it("charts every interval of a range from the hourly buckets", async () => {
    const day = await getStatSeries(db, webhookId, "24h", now);
    expect(day).toHaveLength(24);
    const at = (h: number) => day.find((p) => p.start === hoursAgo(h, 0).toISOString())!;
    expect(at(3)).toMatchObject({ successes: 1, failures: 1, successRate: 50 });
    expect(at(3).p95).toBeGreaterThan(300);
    expect(at(1)).toMatchObject({ successes: 0, failures: 2, successRate: 0 });
    expect(at(5)).toMatchObject({ successes: 0, failures: 0, successRate: null, p50: null });
    const month = await getStatSeries(db, webhookId, "30d", now);
    expect(month).toHaveLength(30);
    expect(month.at(-1)).toMatchObject({ successes: 2, failures: 3, successRate: 40 });
    expect(await getStatSeries(db, batchedId, "24h", now)).toEqual(day);
    // Across all webhooks, both webhooks' figures.
    const all = await getStatSeries(db, null, "7d", now);
    expect(all.reduce((n, p) => n + p.successes + p.failures, 0)).toBe(10);
  });

  it("charts attempts all made in one hour as one point, every other interval empty", async () => {
    const id = await createTestWebhook(db, "One busy hour");
    await countAttempts(
      db,
      Array.from({ length: 24 }, (_, i) => ({
        webhookId: id,
        messageId: `msg_hour_${i}`,
        number: 1,
        startedAt: new Date(Date.UTC(2026, 10, 24, 11, 2 * i)),
        durationMs: 80,
        success: true,
      })),
    );
    for (const range of STAT_RANGES) {
      const series = await getStatSeries(db, id, range, now);
      const drawn = series.filter((p) => p.successRate !== null);
      expect(drawn, range).toEqual([
        expect.objectContaining({ successes: 24, failures: 0, successRate: 100 }),
      ]);
      expect(drawn[0]!.p50).toBeGreaterThan(0);
      // The others have no value at all, not a rate of 0: the charts draw nothing there.
      expect(series.filter((p) => p.p50 !== null || p.p95 !== null)).toEqual(drawn);
    }
  });

  it("starts an interval at every UTC midnight, whatever the time of day", () => {
    for (let minute = 0; minute < 24 * 60; minute += 15) {
      const at = new Date(Date.UTC(2026, 10, 29) + minute * 60_000);
      for (const range of STAT_RANGES) {
        const { starts, stepMs } = statIntervals(range, at);
        const last = starts.at(-1)!;
        expect(
          at.getTime() >= last && at.getTime() < last + stepMs,
          `${range} ${at.toISOString()}`,
        ).toBe(true);
        expect(starts.every((s, i) => i === 0 || s - starts[i - 1]! === stepMs)).toBe(true);
        // One tick per day in the range, none skipped, none twice.
        const days = dayTicks(starts.map((s) => ({ start: new Date(s).toISOString() })));
        expect(days.length).toBe({ "24h": 1, "7d": 7, "30d": 30 }[range]);
        expect(
          days.every((d, i) => i === 0 || Date.parse(d) - Date.parse(days[i - 1]!) === 86_400_000),
        ).toBe(true);
      }
    }
  });

  it("puts attempts on their UTC day across 29 November, whatever the database's time zone", async () => {
    const id = await createTestWebhook(db, "Around 29 November");
    const at = (iso: string, messageId: string) => ({
      webhookId: id,
      messageId,
      number: 1,
      startedAt: new Date(iso),
      durationMs: 80,
      success: true,
    });
    // A server in India truncates to its own hours, which start at half past a UTC hour.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'Asia/Kolkata'`);
      await countAttempts(tx, [
        at("2026-11-28T23:59:59Z", "msg_28"),
        at("2026-11-29T00:00:00Z", "msg_29a"),
        at("2026-11-29T23:30:00Z", "msg_29b"),
        at("2026-11-30T00:10:00Z", "msg_30"),
      ]);
    });
    const december = new Date("2026-12-02T03:30:00Z");
    const perDay = (series: { start: string; successes: number }[]) => {
      const days: Record<string, number> = {};
      for (const p of series)
        days[p.start.slice(0, 10)] = (days[p.start.slice(0, 10)] ?? 0) + p.successes;
      return days;
    };

    const week = await getStatSeries(db, id, "7d", december);
    expect(week).toHaveLength(28);
    expect(week.at(-1)!.start).toBe("2026-12-02T00:00:00.000Z");
    expect(dayTicks(week).map((d) => d.slice(0, 10))).toEqual([
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
    ]);
    expect(perDay(week)).toMatchObject({ "2026-11-28": 1, "2026-11-29": 2, "2026-11-30": 1 });

    const month = await getStatSeries(db, id, "30d", december);
    expect(dayTicks(month)).toEqual(month.map((p) => p.start));
    expect(month[0]!.start).toBe("2026-11-03T00:00:00.000Z");
    expect(perDay(month)).toMatchObject({ "2026-11-28": 1, "2026-11-29": 2, "2026-11-30": 1 });
  });

  it("keeps Events exact over a backlog the sweeper left, folding one bounded step per view", async () => {
    // The figures below are worked out for these sizes.
    expect([FOLD_ON_READ_LIMIT, UNFOLDED_COUNT_LIMIT]).toEqual([5_000, 10_000]);
    const id = await createTestWebhook(db, "Backlog");
    const from = new Date(Date.now() - 2 * 24 * 3600_000);
    // 25,000 messages nobody folded; ten of them, around the 5,000th, share one time.
    await writeMessages(id, 25_000, from, { tiedFrom: 4_995, tied: 10 });

    const views = [];
    for (let i = 0; i < 6; i++) {
      const before = await folded(id);
      const counters = await getWebhookCounters(db, id);
      const after = await folded(id);
      // Each view folds at most one step (and the messages tied with its last one), and the
      // folded figure holds exactly the messages up to where it stops.
      expect(after.events - before.events).toBeLessThanOrEqual(FOLD_ON_READ_LIMIT + 10);
      expect(after.events).toBe(after.held);
      views.push([after.events, counters.events, counters.eventsExact]);
      expect(counters.lastEventAt).toEqual(new Date(from.getTime() + 24_999_000));
    }
    expect(views).toEqual([
      // The step stops on the tied time: all ten are folded, none is left for the next step.
      [5_005, 5_005 + 10_001, false],
      // Still more than 10,000 beyond the fold: at least this many, and the figure rises.
      [10_005, 10_005 + 10_001, false],
      [15_005, 25_000, true],
      [20_005, 25_000, true],
      [25_000, 25_000, true],
      [25_000, 25_000, true],
    ]);
    // The sweeper, when it runs again, finds nothing left to count.
    await countNewMessages(db);
    expect(await folded(id)).toMatchObject({ events: 25_000, held: 25_000 });
    expect((await getWebhookCounters(db, id)).events).toBe(25_000);
  });

  it("the sweeper folds a large backlog in bounded steps, over several runs", async () => {
    await countNewMessages(db); // other tests' messages: counted before this one starts
    const id = await createTestWebhook(db, "Backlog of the sweeper");
    await writeMessages(id, 25_000, new Date(Date.now() - 24 * 3600_000));
    // Two steps of 5,000 this run: the rest waits for the next, and nothing counts twice.
    expect(await countNewMessages(db, new Date(), { step: 5_000, maxSteps: 2 })).toBe(10_000);
    expect(await folded(id)).toMatchObject({ events: 10_000, held: 10_000 });
    expect(await countNewMessages(db, new Date(), { step: 5_000 })).toBe(15_000);
    expect(await folded(id)).toMatchObject({ events: 25_000, held: 25_000 });
    expect(await countNewMessages(db)).toBe(0);
  });

  it("counts each message once when views and the sweeper fold at the same time", async () => {
    const id = await createTestWebhook(db, "Raced");
    await writeMessages(id, 25_000, new Date(Date.now() - 24 * 3600_000));
    for (let round = 0; round < 5; round++) {
      await db
        .update(webhookStats)
        .set({ events: 0, eventsCountedUntil: null, lastEventAt: null })
        .where(eq(webhookStats.webhookId, id));
      const shown = await Promise.all([
        getWebhookCounters(db, id),
        getWebhookCounters(db, id),
        round % 2 ? countNewMessages(db) : getWebhookCounters(db, id),
        getWebhookCounters(db, id),
        round % 2 ? getWebhookCounters(db, id) : countNewMessages(db),
      ]);
      const after = await folded(id);
      expect(after.events).toBe(after.held);
      for (const counters of shown) {
        if (typeof counters === "number") continue; // the sweeper's fold
        if (counters.eventsExact) expect(counters.events).toBe(25_000);
        else expect(counters.events).toBeLessThan(25_000);
      }
    }
    await countNewMessages(db);
    expect(await folded(id)).toMatchObject({ events: 25_000, held: 25_000 });
    expect(await getWebhookCounters(db, id)).toMatchObject({ events: 25_000, eventsExact: true });
  });

  it("answers at once while the sweeper folds or a delivery writes the counters", async () => {
    const id = await createTestWebhook(db, "Not waited on");
    await writeMessages(id, 100, new Date(Date.now() - 3600_000));
    // A long fold of the sweeper holds its lock: the view counts without folding, exactly. A
    // view that waited for the lock would never come back here, as it is held until it does.
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${FOLD_LOCK_KEY}))`);
      expect(await getWebhookCounters(db, id)).toMatchObject({ events: 100, eventsExact: true });
      expect((await folded(id)).events).toBe(0);
    });
    // A delivery's transaction holds the webhook's counters row.
    await countAttempts(db, [
      {
        webhookId: id,
        messageId: "msg_x",
        number: 1,
        startedAt: new Date(),
        durationMs: 10,
        success: true,
      },
    ]);
    await db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from webhook_stats where webhook_id = ${id} for update`);
      expect(await getWebhookCounters(db, id)).toMatchObject({ events: 100, triggers: 1 });
      expect((await folded(id)).events).toBe(0);
    });
    // Free again, the next view folds.
    expect(await getWebhookCounters(db, id)).toMatchObject({ events: 100, triggers: 1 });
    expect(await folded(id)).toMatchObject({ events: 100, held: 100 });
  });
});
