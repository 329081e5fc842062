/**
 * `npm run bench:delivery`: events published to N webhooks served by a fast local receiver,
 * through the real path (publish → local executor → Inngest functions → HTTP), on a fresh
 * embedded Postgres. Prints deliveries per second sustained, p50/p99 from publish to
 * arrival at half that rate, and, in the same run, the raw limit: a bare undici loop to the
 * same receiver.
 *
 * The processes are those of `npm start`: this one runs the local executor, as the launcher
 * does; the app's functions and the publishing run in a second process, as in the Next.js
 * server; the receiver, standing for the webhooks' endpoints, runs in a third.
 *
 *   npm run bench:delivery [-- --webhooks 50] [-- --seconds 10] [-- --publishers 16] [-- --sql]
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Pool } from "pg";
import { createDb } from "@/db";
import { LocalExecutor } from "@/inngest/executor/executor";
import { newEventKey, newSigningKey } from "@/inngest/executor/protocol";
import { bootstrapDatabase } from "@/lib/runtime/bootstrap";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/runtime/postgres";
import { freePort } from "@/lib/test/global-setup";
import { createUser } from "@/lib/users/mutations";
import { NEW_WEBHOOK_VALUES } from "@/lib/webhooks/form-values";
import { createWebhook } from "@/lib/webhooks/mutations";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import { bareUndiciRate, booleanFlag, numberFlag, quantile, startBenchProcess } from "./support";

const WEBHOOKS = numberFlag("webhooks", 50);
const SECONDS = numberFlag("seconds", 10);
/** Events published at once in the throughput phase, as many API clients would. */
const PUBLISHERS = numberFlag("publishers", 16);
/** `--sql`: also print the statements Postgres spent the throughput phase on. */
const SQL_PROFILE = booleanFlag("sql");
const log = (line: string) => console.log(`[bench:delivery] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until no message is still to be attempted and the executor has no run to drive. */
async function settled(pool: Pool, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const { rows } = await pool.query<{ busy: boolean }>(
      `select exists (select 1 from messages where status = 'created')
           or exists (select 1 from executor.runs where status in ('queued', 'running')) as busy`,
    );
    if (!rows[0]!.busy) return;
    await sleep(100);
  }
  log("the flood had not settled after a minute; measuring latency anyway");
}

async function main() {
  Object.assign(process.env, {
    HOOKYARD_ENCRYPTION_KEY: "cd".repeat(32),
    AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123456789",
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "hookyard-bench-"));
  await chmod(dir, 0o755); // the embedded server runs as the `postgres` user
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port: await freePort(),
    settings: SQL_PROFILE ? ["shared_preload_libraries=pg_stat_statements"] : [],
  });
  const url = await ensureDatabase(pg.serverUrl, "hookyard_bench_delivery");
  await bootstrapDatabase(url);
  if (SQL_PROFILE) {
    const admin = createDb(url, 1).pool;
    await admin.query("create extension if not exists pg_stat_statements");
    await admin.end();
  }
  process.env.DATABASE_URL = url;
  const { db, pool } = createDb(url, 5);
  const executorPool = createDb(url, 10).pool;

  const receiver = await startBenchProcess("delivery-receiver.ts");
  const receiverUrl = await receiver.call<string>("url");
  const keys = { signingKey: newSigningKey(), eventKey: newEventKey() };
  const executor = await new LocalExecutor({
    pool: executorPool,
    ...keys,
    port: 0,
    pollMs: 20,
    log: () => {},
  }).start();
  const app = await startBenchProcess("delivery-app.ts", {
    BENCH_EXECUTOR_URL: executor.url,
    BENCH_SIGNING_KEY: keys.signingKey,
    BENCH_EVENT_KEY: keys.eventKey,
  });
  await executor.sync(await app.call<string>("url"));

  const actor = await createUser(db, {
    email: "bench@hookyard.local",
    name: "Bench",
    password: "bench-password",
    role: "admin",
  });
  for (let i = 0; i < WEBHOOKS; i++) {
    await createWebhook(
      db,
      createWebhookSchema.parse({
        ...NEW_WEBHOOK_VALUES,
        name: `Bench ${i}`,
        eventTypes: ["application.created"],
        url: `${receiverUrl}/hook/${i}`,
      }),
      { id: actor.id, email: actor.email },
    );
  }

  /** Waits until every published message arrived (or the time is up); returns how many did. */
  const drained = async (published: [string, number][], timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const arrived = await receiver.call<number>("count");
      if (arrived >= published.length || Date.now() > end) return arrived;
      await sleep(50);
    }
  };

  // Phase 1: as fast as it goes, PUBLISHERS events published at once.
  if (SQL_PROFILE) await pool.query("select pg_stat_statements_reset()");
  log(`throughput: ${WEBHOOKS} webhooks, publishing for ${SECONDS} s…`);
  const t0 = performance.now();
  const flood = await app.call<[string, number][]>("flood", {
    seconds: SECONDS,
    publishers: PUBLISHERS,
  });
  const delivered = await drained(flood, 120_000);
  const elapsed = (performance.now() - t0) / 1000;
  const rate = delivered / elapsed;
  const lost = flood.length - delivered;
  if (SQL_PROFILE) {
    const { rows } = await pool.query<{ ms: number; calls: number; query: string }>(
      `select round(total_exec_time + total_plan_time) as ms, calls,
         left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
       from pg_stat_statements order by 1 desc limit 25`,
    );
    log(`Postgres, per delivery (${delivered} delivered):`);
    for (const r of rows) {
      const perDelivery = (n: number) => (n / delivered).toFixed(3);
      log(`  ${perDelivery(r.ms)} ms  ${perDelivery(r.calls)} calls  ${r.query}`);
    }
  }

  // Phase 2: latency at half that rate, once the flood is over for every process: its last
  // attempts written and its runs ended, so that the paced events do not queue behind them.
  await settled(pool, 60_000);
  const pacedEvents = Math.max(1, Math.round((rate / 2 / WEBHOOKS) * SECONDS));
  log(`latency: ${pacedEvents} events at ${Math.round(rate / 2)} deliveries/s…`);
  await receiver.call("clear");
  const paced = await app.call<[string, number][]>("paced", {
    events: pacedEvents,
    intervalMs: (SECONDS * 1000) / pacedEvents,
  });
  await drained(paced, 60_000);
  const arrivals = new Map(await receiver.call<[string, number][]>("arrivals"));
  const latencies = paced
    .flatMap(([id, at]) => (arrivals.has(id) ? [arrivals.get(id)! - at] : []))
    .sort((a, b) => a - b);
  const q = (p: number) => quantile(latencies, p);

  // The raw limit: a bare undici loop, same receiver, same body, 64 requests in flight.
  const rawRate = await bareUndiciRate(receiverUrl);

  console.log(`\nbench:delivery — ${WEBHOOKS} webhooks, ${os.cpus().length} cores\n`);
  console.log("| figure | measured | target |");
  console.log("| --- | --- | --- |");
  console.log(
    `| deliveries per second, sustained | ${Math.round(rate)} (${delivered} in ${elapsed.toFixed(1)} s, ${lost} lost) | 2,000 |`,
  );
  console.log(`| publish → arrival p50 at ${Math.round(rate / 2)}/s | ${q(0.5).toFixed(0)} ms | |`);
  console.log(
    `| publish → arrival p99 at ${Math.round(rate / 2)}/s | ${q(0.99).toFixed(0)} ms | < 250 ms |`,
  );
  console.log(
    `| raw limit: bare undici loop to the same receiver | ${Math.round(rawRate)} requests/s | |`,
  );

  await app.stop();
  await executor.stop();
  await receiver.stop();
  await pool.end();
  await executorPool.end();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
  if (lost > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
