import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/db";
import { publishEvent } from "@/lib/messages/publish";
import { createTestWebhook, freshDb } from "@/test/db";
import { beat, checkHealth, SWEEPER_STALE_MS } from "./health";

let db: Db;
let executorUrl: string;
const executor = createServer((_req, res) => res.writeHead(200).end("{}"));

beforeAll(async () => {
  db = await freshDb();
  executor.listen(0, "127.0.0.1");
  await once(executor, "listening");
  executorUrl = `http://127.0.0.1:${(executor.address() as AddressInfo).port}`;
});
afterAll(() => executor.close());

describe("health", () => {
  it("is up while starting, then only while the sweeper keeps running", async () => {
    const starting = await checkHealth(db, { inngestBaseUrl: executorUrl, uptimeMs: 1000 });
    expect(starting).toMatchObject({
      ok: true,
      database: { ok: true },
      executor: { ok: true },
      sweeper: { ok: true, detail: "starting", lastRunAt: null },
    });
    const neverSwept = await checkHealth(db, {
      inngestBaseUrl: executorUrl,
      uptimeMs: SWEEPER_STALE_MS + 1,
    });
    expect(neverSwept.ok).toBe(false);
    expect(neverSwept.sweeper).toMatchObject({ ok: false, detail: "has never run" });

    await beat(db, "sweeper");
    const swept = await checkHealth(db, { inngestBaseUrl: executorUrl, uptimeMs: 1e9 });
    expect(swept.ok).toBe(true);
    expect(swept.sweeper.lastRunAt).not.toBeNull();
    const later = new Date(Date.now() + SWEEPER_STALE_MS + 1000);
    const stale = await checkHealth(db, { inngestBaseUrl: executorUrl, uptimeMs: 1e9, now: later });
    expect(stale.ok).toBe(false);
    expect(stale.sweeper.detail).toBe("has not run for over 3 minutes");
  });

  it("is down when the executor does not answer, and when the database does not", async () => {
    await beat(db, "sweeper");
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    const noExecutor = await checkHealth(db, { inngestBaseUrl: deadUrl, uptimeMs: 1e9 });
    expect(noExecutor).toMatchObject({
      ok: false,
      executor: { ok: false },
      database: { ok: true },
    });

    const { db: nowhere, pool } = createDb("postgres://nobody:nothing@127.0.0.1:9/none", 1);
    try {
      const noDatabase = await checkHealth(nowhere, { inngestBaseUrl: executorUrl, uptimeMs: 1 });
      expect(noDatabase).toMatchObject({
        ok: false,
        database: { ok: false },
        sweeper: { ok: false },
      });
    } finally {
      await pool.end();
    }
  });

  it("says how long the oldest due message has waited", async () => {
    expect((await checkHealth(db, { uptimeMs: 1 })).oldestDueMessageSeconds).toBeNull();
    await createTestWebhook(db, "Health hook");
    const published = await publishEvent(db, {
      type: "application.created",
      payload: { application: { id: 1 } },
      source: "api",
    });
    expect(published.messageCount).toBeGreaterThan(0);
    const inAMinute = new Date(Date.now() + 60_000);
    const health = await checkHealth(db, { uptimeMs: 1, now: inAMinute });
    expect(health.oldestDueMessageSeconds).toBeGreaterThanOrEqual(59);
    expect(health.oldestDueMessageSeconds).toBeLessThan(120);
  });
});
