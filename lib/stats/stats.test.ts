import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createDirectMessage } from "@/lib/delivery/publish";
import { createTestWebhook, freshDb } from "@/lib/test/db";
import { getStatSeries, getWebhookCounters, quantileMs } from "./queries";
import { countAttempts, countNewMessages, latencyBin, type CountedAttempt } from "./record";

let db: Db;
let webhookId: string;
let batchedId: string;
const now = new Date("2026-11-24T12:30:00Z");
const hoursAgo = (h: number, minute = 10) => new Date(Date.UTC(2026, 10, 24, 12 - h, minute));

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
});
