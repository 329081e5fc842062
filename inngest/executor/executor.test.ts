import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";
import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "@/lib/test/db";
import { LocalExecutor } from "./executor";
import { newEventKey, newSigningKey } from "./protocol";
import { waitFor } from "@/lib/test/wait-for";

/**
 * The local executor driving real functions of the real `inngest` SDK, served over HTTP on
 * 127.0.0.1, with its state in a real Postgres.
 */

let pool: Pool;
let app: Server;
let appUrl: string;
let executor: LocalExecutor;
const log: string[] = [];
const calls: Record<string, number> = {};
const count = (key: string) => (calls[key] = (calls[key] ?? 0) + 1);
const inFlightByKey: Record<string, number> = {};
let maxOverlap = 0;

function buildFunctions(client: Inngest) {
  return [
    client.createFunction(
      { id: "steps-and-sleep", triggers: [{ event: "test/steps" }] },
      async ({ event, step }) => {
        const a = await step.run("first", () => count(`first:${event.data.tag}`));
        await step.sleep("pause", "1s");
        const b = await step.run("second", () => count(`second:${event.data.tag}`) + a);
        return { a, b };
      },
    ),
    client.createFunction(
      { id: "waiter", triggers: [{ event: "test/wait" }] },
      async ({ event, step }) => {
        const reply = await step.waitForEvent("reply", {
          event: "test/reply",
          match: "data.ticket",
          timeout: event.data.timeout as string,
        });
        return { got: reply?.data ?? null };
      },
    ),
    client.createFunction(
      {
        id: "cancellable",
        triggers: [{ event: "test/cancellable" }],
        cancelOn: [{ event: "test/cancel", match: "data.ticket" }],
      },
      async ({ event, step }) => {
        await step.run("before", () => count(`before:${event.data.ticket}`));
        await step.sleep("long", "30s");
        await step.run("after", () => count(`after:${event.data.ticket}`));
      },
    ),
    client.createFunction(
      { id: "flaky", triggers: [{ event: "test/flaky" }], retries: 2 },
      async ({ event, step }) => {
        const value = await step.run("flaky-step", () => {
          const n = count(`flaky:${event.data.tag}`);
          if (event.data.fatal) throw new NonRetriableError("this will never work");
          if (n < 2) throw new Error(`attempt ${n} fails`);
          return n;
        });
        return { value };
      },
    ),
    client.createFunction(
      {
        id: "parallel",
        triggers: [{ event: "test/parallel" }],
      },
      async ({ event, step }) => {
        const [x, y] = await Promise.all([
          step.run("x", () => count(`x:${event.data.tag}`) * 10),
          step.run("y", () => count(`y:${event.data.tag}`) * 20),
        ]);
        return { sum: x + y };
      },
    ),
    client.createFunction(
      {
        id: "limited",
        triggers: [{ event: "test/limited" }],
        concurrency: [{ limit: 1, key: "event.data.key" }],
      },
      async ({ event, step }) => {
        await step.run("work", async () => {
          const key = event.data.key as string;
          inFlightByKey[key] = (inFlightByKey[key] ?? 0) + 1;
          maxOverlap = Math.max(maxOverlap, inFlightByKey[key]);
          await new Promise((r) => setTimeout(r, 150));
          inFlightByKey[key]--;
        });
      },
    ),
    client.createFunction(
      { id: "gated", triggers: [{ event: "test/gated" }] },
      async ({ step }) => {
        await step.run("one", () => count("gated:one"));
        await step.sleep("nap", "2s");
        await step.run("two", () => count("gated:two"));
        return "done";
      },
    ),
    client.createFunction(
      { id: "new-year", triggers: [{ cron: "TZ=Europe/Paris 0 0 1 1 *" }] },
      async ({ event, step }) => {
        await step.run("tick", () =>
          count(`cron:${event.name}:${(event.data as { cron?: string }).cron}`),
        );
      },
    ),
  ];
}

const keys = { signingKey: newSigningKey(), eventKey: newEventKey() };

async function startExecutor() {
  executor = await new LocalExecutor({
    pool,
    ...keys,
    port: 0,
    pollMs: 50,
    log: (l) => log.push(l),
  }).start();
  return executor;
}

beforeAll(async () => {
  const db = await freshDb();
  pool = (db as unknown as { $client: Pool }).$client;
  await startExecutor();
  const client = new Inngest({ id: "exec-test", ...keys, baseUrl: executor.url });
  const handler = serve({ client, functions: buildFunctions(client) });
  app = createServer((req, res) => void handler(req, res));
  app.listen(0, "127.0.0.1");
  await once(app, "listening");
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await executor.sync(appUrl);
});

afterAll(async () => {
  await executor?.stop();
  app?.closeAllConnections();
  app?.close();
});

async function runOf(fnSuffix: string, tag: string) {
  const { rows } = await pool.query(
    "select * from executor.runs where function_id like $1 and event->'data'->>'tag' = $2",
    [`%${fnSuffix}`, tag],
  );
  return rows[0];
}

const send = (name: string, data: Record<string, unknown>) =>
  fetch(`${executor.url}/e/${keys.eventKey}`, {
    method: "POST",
    body: JSON.stringify([{ name, data }]),
  }).then((r) => r.json() as Promise<{ ids: string[]; status: number }>);

describe("the local executor with the real SDK", () => {
  it("syncs the app's functions", async () => {
    const { rows } = await pool.query("select id from executor.functions order by id");
    expect(rows.map((r) => r.id)).toContain("exec-test-steps-and-sleep");
  });

  it("answers the event API as inngest.send expects", async () => {
    const client = new Inngest({ id: "sender", ...keys, baseUrl: executor.url });
    const { ids } = await client.send({ name: "test/none", data: { x: 1 } });
    expect(ids).toHaveLength(1);
  });

  it("memoizes steps across a durable sleep: each step runs once", async () => {
    const started = Date.now();
    await send("test/steps", { tag: "s1" });
    const run = await waitFor(async () => {
      const r = await runOf("steps-and-sleep", "s1");
      return r?.status === "completed" && r;
    });
    expect(run.output).toEqual({ a: 1, b: 2 });
    expect(calls["first:s1"]).toBe(1);
    expect(calls["second:s1"]).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("resumes a waitForEvent with the matching event, or null on timeout", async () => {
    await send("test/wait", { tag: "w1", ticket: "T-1", timeout: "30s" });
    await waitFor(async () => (await runOf("waiter", "w1"))?.status === "waiting");
    await send("test/reply", { ticket: "T-other", answer: "no" });
    await send("test/reply", { ticket: "T-1", answer: "yes" });
    const run = await waitFor(async () => {
      const r = await runOf("waiter", "w1");
      return r?.status === "completed" && r;
    });
    expect(run.output).toEqual({ got: { ticket: "T-1", answer: "yes" } });

    await send("test/wait", { tag: "w2", ticket: "T-2", timeout: "1s" });
    const timedOut = await waitFor(async () => {
      const r = await runOf("waiter", "w2");
      return r?.status === "completed" && r;
    });
    expect(timedOut.output).toEqual({ got: null });
  });

  it("cancels a sleeping run through cancelOn, and only the matching one", async () => {
    await send("test/cancellable", { tag: "c1", ticket: "C-1" });
    await send("test/cancellable", { tag: "c2", ticket: "C-2" });
    await waitFor(async () => (await runOf("cancellable", "c1"))?.status === "sleeping");
    await waitFor(async () => (await runOf("cancellable", "c2"))?.status === "sleeping");
    await send("test/cancel", { ticket: "C-1" });
    await waitFor(async () => (await runOf("cancellable", "c1"))?.status === "cancelled");
    expect((await runOf("cancellable", "c2")).status).toBe("sleeping");
    expect(calls["after:C-1"]).toBeUndefined();
  });

  it("retries a failing step, and stops at once on NonRetriableError", async () => {
    await send("test/flaky", { tag: "f1" });
    const run = await waitFor(async () => {
      const r = await runOf("flaky", "f1");
      return r?.status === "completed" && r;
    });
    expect(run.output).toEqual({ value: 2 });
    expect(calls["flaky:f1"]).toBe(2);

    await send("test/flaky", { tag: "f2", fatal: true });
    const failed = await waitFor(async () => {
      const r = await runOf("flaky", "f2");
      return r?.status === "failed" && r;
    });
    expect(calls["flaky:f2"]).toBe(1);
    expect(JSON.stringify(failed.error)).toContain("this will never work");
  });

  it("runs parallel steps once each", async () => {
    await send("test/parallel", { tag: "p1" });
    const run = await waitFor(async () => {
      const r = await runOf("parallel", "p1");
      return r?.status === "completed" && r;
    });
    expect(run.output).toEqual({ sum: 30 });
    expect(calls["x:p1"]).toBe(1);
    expect(calls["y:p1"]).toBe(1);
  });

  it("keeps at most one step in flight per concurrency key", async () => {
    await Promise.all(
      [1, 2, 3, 4].map((i) => send("test/limited", { tag: `l${i}`, key: i % 2 ? "odd" : "even" })),
    );
    await waitFor(async () => {
      const { rows } = await pool.query(
        "select count(*)::int as n from executor.runs where function_id like '%limited' and status = 'completed'",
      );
      return rows[0].n === 4;
    });
    expect(maxOverlap).toBe(1);
  });

  it("a run sleeping when the executor dies resumes after a restart", async () => {
    await send("test/gated", { tag: "g1" });
    await waitFor(async () => calls["gated:one"] === 1);
    await executor.stop();
    // Down longer than the sleep: the timer fires late, after the restart.
    await new Promise((r) => setTimeout(r, 2500));
    const port = Number(new URL(executor.url).port);
    executor = await new LocalExecutor({
      pool,
      ...keys,
      port,
      pollMs: 50,
      log: (l) => log.push(l),
    }).start();
    await waitFor(async () => {
      const { rows } = await pool.query(
        "select status from executor.runs where function_id like '%gated'",
      );
      return rows[0]?.status === "completed";
    });
    expect(calls["gated:one"]).toBe(1);
    expect(calls["gated:two"]).toBe(1);
  });

  it("fires a cron trigger when it is due, and schedules the next time", async () => {
    const { rows: before } = await pool.query<{ next_at: Date }>(
      "select next_at from executor.crons where function_id like '%new-year'",
    );
    // Midnight on 1 January in Paris is 23:00 UTC on 31 December.
    expect(before[0]!.next_at.toISOString()).toMatch(/-12-31T23:00:00\.000Z$/);
    await pool.query(
      "update executor.crons set next_at = now() where function_id like '%new-year'",
    );
    await waitFor(
      async () => calls["cron:inngest/scheduled.timer:TZ=Europe/Paris 0 0 1 1 *"] === 1,
    );
    const { rows: after } = await pool.query<{ next_at: Date }>(
      "select next_at from executor.crons where function_id like '%new-year'",
    );
    expect(after[0]!.next_at.getTime()).toBe(before[0]!.next_at.getTime());
  });

  it("fails loudly on requests it does not implement", async () => {
    const response = await fetch(`${executor.url}/v1/checkpoint/x/async`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("does not implement");
  });
});
