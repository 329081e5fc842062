import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "@/db";
import { LocalExecutor } from "@/inngest/executor/executor";
import { newEventKey, newSigningKey } from "@/inngest/executor/protocol";
import { bootstrapDatabase } from "@/scripts/bootstrap";
import { ensureDatabase, startEmbeddedPostgres } from "@/scripts/postgres";
import { freePort } from "@/test/global-setup";
import { createUser } from "@/lib/users/mutations";
import { NEW_WEBHOOK_VALUES } from "@/lib/webhooks/form-values";
import { createWebhook } from "@/lib/webhooks/mutations";
import { createWebhookSchema, type CreateWebhookInput } from "@/lib/webhooks/schemas";
import { startBenchProcess } from "./support";

/**
 * The delivery benches' processes, as `npm start` has them: this one runs the local executor,
 * as the launcher does; the app's functions and the publishing run in a second process
 * (scripts/bench/delivery-app.ts), as in the Next.js server; the receiver, standing for the
 * webhooks' endpoints, in a third (scripts/bench/delivery-receiver.ts). A fresh embedded Postgres.
 */
export async function startDeliveryRig(name: string, { sql = false } = {}) {
  Object.assign(process.env, {
    HOOKYARD_ENCRYPTION_KEY: "cd".repeat(32),
    AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123456789",
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "hookyard-bench-"));
  await chmod(dir, 0o755); // the embedded server runs as the `postgres` user
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port: await freePort(),
    settings: sql ? ["shared_preload_libraries=pg_stat_statements"] : [],
  });
  const url = await ensureDatabase(pg.serverUrl, `hookyard_bench_${name}`);
  await bootstrapDatabase(url);
  if (sql) {
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
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  return {
    db,
    pool,
    receiver,
    receiverUrl,
    app,
    executor,

    /** Webhooks at the receiver's `path`/0…n-1, subscribed to `eventTypes`. */
    async webhooks(count: number, at: string, patch: Partial<CreateWebhookInput> = {}) {
      for (let i = 0; i < count; i++) {
        await createWebhook(
          db,
          createWebhookSchema.parse({
            ...NEW_WEBHOOK_VALUES,
            name: `Bench ${at} ${i}`,
            eventTypes: ["application.created"],
            url: `${receiverUrl}/${at}/${i}`,
            ...patch,
          }),
          { id: actor.id, email: actor.email },
        );
      }
    },

    /** Waits until `count` messages arrived (or the time is up); returns how many did. */
    async arrived(count: number, timeoutMs: number) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const arrived = await receiver.call<number>("count");
        if (arrived >= count || Date.now() > end) return arrived;
        await sleep(50);
      }
    },

    /** Waits until no message is still to be attempted and the executor has no run to drive. */
    async settled(timeoutMs: number) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const { rows } = await pool.query<{ busy: boolean }>(
          `select exists (select 1 from messages where status = 'created')
             or exists (select 1 from executor.runs where status in ('queued', 'running')) as busy`,
        );
        if (!rows[0]!.busy) return true;
        await sleep(100);
      }
      return false;
    },

    /** Executor runs so far by function, e.g. `first-attempts 104, retry-due 3`. */
    async runCounts() {
      const { rows } = await pool.query<{ fn: string; n: number }>(
        `select regexp_replace(function_id, '^.*?-(?=[a-z]+-[a-z]+$)', '') as fn, count(*)::int as n
           from executor.runs group by 1 order by 2 desc`,
      );
      return rows.map((r) => `${r.fn} ${r.n}`).join(", ") || "none";
    },

    async stop() {
      await app.stop();
      await executor.stop();
      await receiver.stop();
      await pool.end();
      await executorPool.end();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
