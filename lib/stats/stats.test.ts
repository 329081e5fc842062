import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createTestWebhook, freshDb } from "@/lib/test/db";
import { getStatSeries, getWebhookCounters, quantileMs } from "./queries";
import { countAttempt, countNewMessages, latencyBin } from "./record";

let db: Db;
let webhookId: string;
const now = new Date("2026-11-24T12:30:00Z");
const hoursAgo = (h: number, minute = 10) => new Date(Date.UTC(2026, 10, 24, 12 - h, minute));

beforeAll(async () => {
  db = await freshDb();
  webhookId = await createTestWebhook(db, "Counted");
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
    await countNewMessages(db, [webhookId, webhookId], hoursAgo(3));
    await countNewMessages(db, [webhookId], hoursAgo(1));
    const attempt = (messageId: string, number: number, success: boolean, at: Date, ms = 80) =>
      countAttempt(db, { webhookId, messageId, number, startedAt: at, durationMs: ms, success });
    await attempt("msg_a", 1, false, hoursAgo(3));
    await attempt("msg_a", 2, true, hoursAgo(3, 40), 400);
    await attempt("msg_b", 1, true, hoursAgo(2));
    await attempt("msg_c", 1, false, hoursAgo(1));
    await attempt("msg_c", 2, false, hoursAgo(1, 30));

    const counters = await getWebhookCounters(db, webhookId);
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
    // Across all webhooks, the same figures.
    const all = await getStatSeries(db, null, "7d", now);
    expect(all.reduce((n, p) => n + p.successes + p.failures, 0)).toBe(5);
  });
});
