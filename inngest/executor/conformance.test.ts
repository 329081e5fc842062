import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, NonRetriableError, referenceFunction, RetryAfterError } from "inngest";
import { serve } from "inngest/node";
import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "@/test/db";
import { waitFor } from "@/test/wait-for";
import { LocalExecutor } from "./executor";
import { advance, signedCaller } from "./ops";
import {
  callBody,
  callFunction,
  hashedSigningKey,
  newEventKey,
  newSigningKey,
  signedBody,
} from "./protocol";
import { MAX_EVENT_REQUEST_BYTES } from "./server";

/**
 * The conformance suite: the local executor against the real `inngest` SDK in cloud mode, as
 * PROTOCOL.md describes the protocol — signatures both ways, sync, the event API, every op it
 * supports, retries, cancellation, waits, concurrency keys, and a loud failure for what it
 * does not support. Functions are served over HTTP on 127.0.0.1, state is in a real Postgres.
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
const stamps: number[] = [];

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
      { id: "step-failed", triggers: [{ event: "test/step-failed" }], retries: 1 },
      async ({ event, step }) => {
        try {
          await step.run("always-fails", () => {
            count(`always-fails:${event.data.tag}`);
            throw new Error("no luck");
          });
        } catch (error) {
          // A step that failed for good comes back to the function as an error it can catch.
          return { caught: (error as Error).message };
        }
      },
    ),
    client.createFunction(
      { id: "retry-after", triggers: [{ event: "test/retry-after" }] },
      async ({ event, step }) => {
        return step.run("slow-down", () => {
          const n = count(`retry-after:${event.data.tag}`);
          stamps.push(Date.now());
          if (n === 1) throw new RetryAfterError("come back later", "2s");
          return n;
        });
      },
    ),
    client.createFunction(
      { id: "fn-errors", triggers: [{ event: "test/fn-errors" }], retries: 1 },
      async ({ event }) => {
        const n = count(`fn-errors:${event.data.tag}`);
        if (event.data.fatal) throw new NonRetriableError("outside any step");
        if (n === 1) throw new Error("first call fails");
        return { n };
      },
    ),
    client.createFunction(
      { id: "sleep-until", triggers: [{ event: "test/sleep-until" }] },
      async ({ event, step }) => {
        await step.sleepUntil("until", new Date(event.data.until as string));
        return step.run("woke", () => Date.now());
      },
    ),
    client.createFunction(
      { id: "wait-if", triggers: [{ event: "test/wait-if" }] },
      async ({ step }) => {
        const reply = await step.waitForEvent("approval", {
          event: "test/approval",
          if: "async.data.amount >= event.data.min",
          timeout: "30s",
        });
        return { amount: reply?.data.amount ?? null };
      },
    ),
    client.createFunction(
      { id: "invoker", triggers: [{ event: "test/invoke" }] },
      async ({ step }) => {
        await step.invoke("call-other", {
          function: referenceFunction({ functionId: "parallel" }),
          data: { tag: "invoked" },
        });
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
  const served: { handler?: ReturnType<typeof serve> } = {};
  app = createServer((req, res) => void served.handler!(req, res));
  app.listen(0, "127.0.0.1");
  await once(app, "listening");
  const origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  // As the console serves: its origin from configuration, and only signed syncs.
  served.handler = serve({
    client,
    functions: buildFunctions(client),
    serveOrigin: origin,
    enableUnauthedSync: false,
  });
  appUrl = `${origin}/api/inngest`;
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

/** The run of `fnSuffix` tagged `tag`, once its status is one of `statuses`. */
const runReaches = (fnSuffix: string, tag: string, ...statuses: string[]) =>
  waitFor(async () => {
    const r = await runOf(fnSuffix, tag);
    return statuses.includes(r?.status) && r;
  });

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
    const run = await runReaches("steps-and-sleep", "s1", "completed");
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
    const run = await runReaches("waiter", "w1", "completed");
    expect(run.output).toEqual({ got: { ticket: "T-1", answer: "yes" } });

    await send("test/wait", { tag: "w2", ticket: "T-2", timeout: "1s" });
    const timedOut = await runReaches("waiter", "w2", "completed");
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
    const run = await runReaches("flaky", "f1", "completed");
    expect(run.output).toEqual({ value: 2 });
    expect(calls["flaky:f1"]).toBe(2);

    await send("test/flaky", { tag: "f2", fatal: true });
    const failed = await runReaches("flaky", "f2", "failed");
    expect(calls["flaky:f2"]).toBe(1);
    expect(JSON.stringify(failed.error)).toContain("this will never work");
  });

  it("runs parallel steps once each", async () => {
    await send("test/parallel", { tag: "p1" });
    const run = await runReaches("parallel", "p1", "completed");
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

  it("a key at its limit with a long queue does not hold back other keys' runs", async () => {
    // More runs of one key than a claim reads at once (4 × 64 slots), all due before the other.
    const backlog = Array.from({ length: 400 }, (_, i) => ({
      name: "test/limited",
      data: { tag: `jam-${i}`, key: "jammed" },
    }));
    await fetch(`${executor.url}/e/${keys.eventKey}`, {
      method: "POST",
      body: JSON.stringify(backlog),
    });
    await send("test/limited", { tag: "free-1", key: "free" });
    await waitFor(async () => (await runOf("limited", "free-1"))?.status === "completed");
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from executor.runs
       where function_id like '%limited' and event->'data'->>'key' = 'jammed' and status = 'queued'`,
    );
    // The free key's run went through while nearly all the jammed key's backlog still waited
    // (a claim that read only the head of the queue let it through at 252 left).
    expect(rows[0]!.n).toBeGreaterThan(350);
    await pool.query(
      `update executor.runs set status = 'cancelled'
       where event->'data'->>'key' = 'jammed' and status = 'queued'`,
    );
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

/** What the executor would send for a run of `steps-and-sleep` tagged `tag`. */
function runBody(tag: string) {
  const event = { id: `e-${tag}`, name: "test/steps", data: { tag }, ts: Date.now() };
  return callBody({ id: `r-${tag}`, event, steps: {}, stack: [], attempt: 0 }, 1);
}

const callApp = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${appUrl}?fnId=exec-test-steps-and-sleep&stepId=step`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

/** A raw request, so that the Host header is the one given (fetch would not send it). */
function rawRequest(
  url: string,
  opts: { method: string; headers: Record<string, string>; body?: string },
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: opts.method, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const eventCount = async () =>
  (await pool.query<{ n: number }>("select count(*)::int as n from executor.events")).rows[0]!.n;

describe("signed like Inngest Cloud", () => {
  it("the SDK runs a signed call, and refuses unsigned, forged and stale ones with 401", async () => {
    const unsigned = await callApp(JSON.stringify(runBody("unsigned")));
    expect(unsigned.status).toBe(401);

    const forged = signedBody(runBody("forged"), newSigningKey());
    expect((await callApp(forged.text, { "x-inngest-signature": forged.signature })).status).toBe(
      401,
    );

    const stale = signedBody(runBody("stale"), keys.signingKey, Date.now() - 10 * 60_000);
    expect((await callApp(stale.text, { "x-inngest-signature": stale.signature })).status).toBe(
      401,
    );
    expect(calls["first:unsigned"]).toBeUndefined();
    expect(calls["first:forged"]).toBeUndefined();
    expect(calls["first:stale"]).toBeUndefined();

    // The same request, signed with the key: the step runs.
    const signed = signedBody(runBody("signed"), keys.signingKey);
    const ok = await callApp(signed.text, { "x-inngest-signature": signed.signature });
    expect(ok.status).toBe(206);
    expect(calls["first:signed"]).toBe(1);
  });

  it("the executor refuses an answer that is not signed with the key", async () => {
    const impostor = createServer((_req, res) => res.writeHead(200).end("{}"));
    impostor.listen(0, "127.0.0.1");
    await once(impostor, "listening");
    const { rows } = await pool.query(
      "select id, url, config from executor.functions where id = 'exec-test-steps-and-sleep'",
    );
    const event = { id: "e-impostor", name: "test/steps", data: { tag: "impostor" }, ts: 0 };
    const run = { id: "r-impostor", event, steps: {}, stack: [], attempt: 0 };
    try {
      await expect(
        callFunction(rows[0], run as never, {
          signingKey: keys.signingKey,
          url: `http://127.0.0.1:${(impostor.address() as AddressInfo).port}/api/inngest`,
        }),
      ).rejects.toThrow(/without a valid signature/);
    } finally {
      impostor.close();
    }
  });

  it("a call the app refuses (signing keys differ) leaves the run waiting, not failed", async () => {
    const { rows } = await pool.query(
      "select id, url, config from executor.functions where id = 'exec-test-steps-and-sleep'",
    );
    const event = { id: "e-mismatch", name: "test/steps", data: { tag: "mismatch" }, ts: 0 };
    const run = { id: "r-mismatch", event, steps: {}, stack: [], attempt: 0, fn_attempt: 0 };
    const next = await advance(signedCaller(newSigningKey()), rows[0], run as never, () => {});
    expect(next).toMatchObject({
      status: "queued",
      error: { message: expect.stringMatching(/refused the signature/) },
    });
    expect(next.fnAttempt).toBeUndefined();
    expect(calls["first:mismatch"]).toBeUndefined();
  });

  it("a sync cannot be pointed elsewhere by a Host header", async () => {
    const attacker = { host: "127.0.0.1:9401" };
    // Unsigned, as the attack was: refused, nothing registered.
    const unsigned = await rawRequest(appUrl, { method: "PUT", headers: attacker });
    expect(unsigned.status).toBe(401);
    // Even signed, the app registers the origin it is configured with, not the Host's.
    const { signature } = signedBody(undefined, keys.signingKey);
    const signed = await rawRequest(appUrl, {
      method: "PUT",
      headers: { ...attacker, "x-inngest-signature": signature },
    });
    expect(signed.status).toBe(200);
    const { rows } = await pool.query<{ url: string }>(
      "select distinct url from executor.functions where app_id = 'exec-test'",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(new URL(row.url).origin).toBe(new URL(appUrl).origin);
  });

  it("takes a registration only with the signing key, and for its own app only", async () => {
    const before = await pool.query("select id, url from executor.functions order by id");
    const foreign = JSON.stringify({
      url: "http://127.0.0.1:9401/api/inngest",
      appName: "exec-test",
      functions: [],
    });
    const register = (url: string, authorization?: string) =>
      fetch(`${url}/fn/register`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization && { authorization }) },
        body: foreign,
      });
    expect((await register(executor.url)).status).toBe(401);
    expect(
      (await register(executor.url, `Bearer ${hashedSigningKey(newSigningKey())}`)).status,
    ).toBe(401);
    const pinned = await new LocalExecutor({
      pool,
      ...keys,
      port: 0,
      pollMs: 1000,
      appUrl,
      log: (l) => log.push(l),
    }).start();
    try {
      const answer = await register(pinned.url, `Bearer ${hashedSigningKey(keys.signingKey)}`);
      expect(answer.status).toBe(403);
    } finally {
      await pinned.stop();
    }
    const after = await pool.query("select id, url from executor.functions order by id");
    expect(after.rows).toEqual(before.rows);
  });

  it("the event API takes only the event key, bounds its body and stores an id once", async () => {
    const before = await eventCount();
    const wrong = await fetch(`${executor.url}/e/${newEventKey()}`, {
      method: "POST",
      body: JSON.stringify([{ name: "test/steps", data: { tag: "wrong-key" } }]),
    });
    expect(wrong.status).toBe(401);
    const huge = await fetch(`${executor.url}/e/${keys.eventKey}`, {
      method: "POST",
      body: JSON.stringify([
        { name: "test/none", data: { x: "y".repeat(MAX_EVENT_REQUEST_BYTES) } },
      ]),
    });
    expect(huge.status).toBe(413);
    expect(await eventCount()).toBe(before);

    const twice = [{ id: "same-id", name: "test/steps", data: { tag: "twice" } }];
    const first = await fetch(`${executor.url}/e/${keys.eventKey}`, {
      method: "POST",
      body: JSON.stringify(twice),
    });
    const again = await fetch(`${executor.url}/e/${keys.eventKey}`, {
      method: "POST",
      body: JSON.stringify(twice),
    });
    expect(await first.json()).toEqual({ ids: ["same-id"], status: 200 });
    expect(await again.json()).toEqual({ ids: ["same-id"], status: 200 });
    const { rows } = await pool.query(
      "select id from executor.runs where event->'data'->>'tag' = 'twice'",
    );
    expect(rows).toHaveLength(1);
  });
});

describe("more of the protocol", () => {
  const completed = (fn: string, tag: string) => runReaches(fn, tag, "completed", "failed");

  it("a step failing for good is memoized as an error the function can catch", async () => {
    await send("test/step-failed", { tag: "sf" });
    const run = await completed("step-failed", "sf");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ caught: "no luck" });
    expect(calls["always-fails:sf"]).toBe(2);
  });

  it("honours RetryAfterError: the next attempt waits as long as the step asked", async () => {
    stamps.length = 0;
    await send("test/retry-after", { tag: "ra" });
    const run = await completed("retry-after", "ra");
    expect(run.output).toBe(2);
    expect(stamps[1]! - stamps[0]!).toBeGreaterThanOrEqual(1900);
  });

  it("retries a function error, and ends at once on X-Inngest-No-Retry", async () => {
    await send("test/fn-errors", { tag: "fe1" });
    const retried = await completed("fn-errors", "fe1");
    expect(retried.status).toBe("completed");
    expect(retried.output).toEqual({ n: 2 });
    await send("test/fn-errors", { tag: "fe2", fatal: true });
    const failed = await completed("fn-errors", "fe2");
    expect(failed.status).toBe("failed");
    expect(calls["fn-errors:fe2"]).toBe(1);
  });

  it("sleeps until an instant", async () => {
    const until = Date.now() + 1500;
    await send("test/sleep-until", { tag: "su", until: new Date(until).toISOString() });
    const run = await completed("sleep-until", "su");
    expect(run.output).toBeGreaterThanOrEqual(until);
  });

  it("resumes a wait only with an event its `if` expression accepts", async () => {
    await send("test/wait-if", { tag: "wi", min: 100 });
    await waitFor(async () => (await runOf("wait-if", "wi"))?.status === "waiting");
    await send("test/approval", { amount: 50 });
    await send("test/approval", { amount: 150 });
    const run = await completed("wait-if", "wi");
    expect(run.output).toEqual({ amount: 150 });
  });

  it("fails a run loudly on an op it does not implement (step.invoke)", async () => {
    await send("test/invoke", { tag: "inv" });
    const run = await completed("invoker", "inv");
    expect(run.status).toBe("failed");
    expect(JSON.stringify(run.error)).toContain("does not implement the InvokeFunction op");
    expect(log.join("\n")).toContain("unsupported op InvokeFunction");
  });
});
