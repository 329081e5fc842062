import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { LATENCY_BINS_MS, webhookStatBuckets, webhookStats } from "@/db/schema";
import { createDirectMessage } from "@/lib/messages/publish";
import { createTestWebhook, freshDb } from "@/test/db";
import { countApiRequest, countPublished, renderMetrics } from "./metrics";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

/** The value of one sample line, e.g. `hookyard_deliveries_total{outcome="success"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("/metrics", () => {
  it("reads deliveries, latency, waiting messages and their age from the database", async () => {
    const a = await createTestWebhook(db, "Metrics A");
    const b = await createTestWebhook(db, "Metrics B");
    await db.insert(webhookStats).values([
      { webhookId: a, successes: 7, failures: 2, triggers: 9 },
      { webhookId: b, successes: 3, failures: 0, triggers: 3 },
    ]);
    // Two hours of attempts of A: 4 in the ≤ 5 ms bin, 6 in the ≤ 100 ms bin.
    const latency = (bin: number, n: number) => LATENCY_BINS_MS.map((_, i) => (i === bin ? n : 0));
    await db.insert(webhookStatBuckets).values([
      { webhookId: a, hour: new Date("2026-12-01T10:00:00Z"), latency: latency(0, 4) },
      { webhookId: a, hour: new Date("2026-12-01T11:00:00Z"), latency: latency(6, 6) },
    ]);
    const created = new Date(Date.now() - 90_000);
    await createDirectMessage(db, a, "test", created);
    await createDirectMessage(db, b, "test");

    const text = await renderMetrics(db);
    expect(sample(text, 'hookyard_deliveries_total{outcome="success"}')).toBe(10);
    expect(sample(text, 'hookyard_deliveries_total{outcome="failure"}')).toBe(2);
    expect(text).toContain("# TYPE hookyard_deliveries_total counter");
    expect(text).toContain("# TYPE hookyard_attempt_duration_seconds histogram");
    expect(sample(text, 'hookyard_attempt_duration_seconds_bucket{le="0.005"}')).toBe(4);
    expect(sample(text, 'hookyard_attempt_duration_seconds_bucket{le="0.075"}')).toBe(4);
    expect(sample(text, 'hookyard_attempt_duration_seconds_bucket{le="0.1"}')).toBe(10);
    expect(sample(text, 'hookyard_attempt_duration_seconds_bucket{le="+Inf"}')).toBe(10);
    expect(sample(text, "hookyard_attempt_duration_seconds_count")).toBe(10);
    expect(sample(text, 'hookyard_messages_waiting{status="created"}')).toBe(2);
    expect(sample(text, 'hookyard_messages_waiting{status="retrying"}')).toBe(0);
    expect(sample(text, "hookyard_oldest_waiting_message_age_seconds")).toBeGreaterThanOrEqual(89);
    // The process's own figures follow, with Node's.
    expect(text).toContain("hookyard_process_process_cpu_user_seconds_total");
  });

  it("counts events published and API requests in this process", async () => {
    const before = await renderMetrics(db);
    countPublished("api");
    countApiRequest("createWebhook", 201);
    countApiRequest("createWebhook", 400);
    const after = await renderMetrics(db);
    const delta = (series: string) => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    expect(delta('hookyard_events_published_total{source="api"}')).toBe(1);
    expect(delta('hookyard_api_requests_total{operation="createWebhook",status="201"}')).toBe(1);
    expect(delta('hookyard_api_requests_total{operation="createWebhook",status="400"}')).toBe(1);
  });
});
