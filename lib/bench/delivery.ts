/**
 * `npm run bench:delivery`: events published to N webhooks served by a fast local receiver,
 * through the real path (publish → local executor → Inngest functions → HTTP), on a fresh
 * embedded Postgres. Prints deliveries per second sustained, p50/p99 from publish to
 * arrival at half that rate, and, in the same run, the raw limit: a bare undici loop to the
 * same receiver.
 *
 *   npm run bench:delivery [-- --webhooks 50] [-- --seconds 10]
 */
import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { Pool as UndiciPool } from "undici";
import { createDb } from "@/db";
import { hookyardFunctions } from "@/inngest/functions";
import { LocalExecutor } from "@/inngest/executor/executor";
import { enqueueMessages } from "@/lib/delivery/message-actions";
import { publishEvent } from "@/lib/delivery/publish";
import { bootstrapDatabase } from "@/lib/runtime/bootstrap";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/runtime/postgres";
import { freePort } from "@/lib/test/global-setup";
import { createUser } from "@/lib/users/mutations";
import { NEW_WEBHOOK_VALUES } from "@/lib/webhooks/form-values";
import { createWebhook } from "@/lib/webhooks/mutations";
import { createWebhookSchema } from "@/lib/webhooks/schemas";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const WEBHOOKS = flag("webhooks", 50);
const SECONDS = flag("seconds", 10);
const log = (line: string) => console.log(`[bench:delivery] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  Object.assign(process.env, {
    HOOKYARD_ENCRYPTION_KEY: "cd".repeat(32),
    AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123456789",
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "hookyard-bench-"));
  await chmod(dir, 0o755); // the embedded server runs as the `postgres` user
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
  const url = await ensureDatabase(pg.serverUrl, "hookyard_bench_delivery");
  await bootstrapDatabase(url);
  process.env.DATABASE_URL = url;
  const { db, pool } = createDb(url, 20);
  const executorPool = createDb(url, 10).pool;

  // The receiver: answers 200 at once and notes when each message arrived.
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const id = req.headers["webhook-id"];
      if (typeof id === "string" && !arrivals.has(id)) arrivals.set(id, performance.now());
      res.writeHead(200).end();
    });
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const executor = await new LocalExecutor({
    pool: executorPool,
    port: 0,
    pollMs: 20,
    log: () => {},
  }).start();
  const client = new Inngest({ id: "hookyard", isDev: true, baseUrl: executor.url });
  const handler = serve({
    client,
    functions: hookyardFunctions(client, { db: () => db, allow: "127.0.0.1" }),
  });
  const app = createServer((req, res) => void handler(req, res));
  app.listen(0, "127.0.0.1");
  await once(app, "listening");
  await executor.sync(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`);
  const send = (events: { name: string; data: Record<string, unknown> }[]) =>
    client.send(events as never);

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

  const published = new Map<string, number>();
  const publishOne = async () => {
    const at = performance.now();
    const event = await publishEvent(db, {
      type: "application.created",
      payload: { application: { id: 42 } },
      source: "api",
    });
    for (const m of event.messages) published.set(m.id, at);
    await enqueueMessages(send, event.messages);
  };
  const waitDrained = async (timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (arrivals.size < published.size && Date.now() < end) await sleep(50);
  };

  // Phase 1: as fast as it goes, four publishers at once.
  log(`throughput: ${WEBHOOKS} webhooks, publishing for ${SECONDS} s…`);
  const t0 = performance.now();
  const stopAt = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < stopAt) await publishOne();
    }),
  );
  await waitDrained(120_000);
  const elapsed = (performance.now() - t0) / 1000;
  const delivered = arrivals.size;
  const rate = delivered / elapsed;
  const lost = published.size - delivered;

  // Phase 2: latency at half that rate.
  const pacedEvents = Math.max(1, Math.round((rate / 2 / WEBHOOKS) * SECONDS));
  const interval = (SECONDS * 1000) / pacedEvents;
  log(`latency: ${pacedEvents} events at ${Math.round(rate / 2)} deliveries/s…`);
  published.clear();
  arrivals.clear();
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < pacedEvents; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(publishOne());
  }
  await Promise.all(pending);
  await waitDrained(60_000);
  const latencies = [...published]
    .flatMap(([id, at]) => (arrivals.has(id) ? [arrivals.get(id)! - at] : []))
    .sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;

  // The raw limit: a bare undici loop, same receiver, same body, 64 requests in flight.
  const raw = new UndiciPool(receiverUrl, { connections: 64 });
  const body = JSON.stringify({ type: "application.created", data: { application: { id: 42 } } });
  let rawCount = 0;
  const rawEnd = Date.now() + 3000;
  const rawStart = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async (_, k) => {
      while (Date.now() < rawEnd) {
        const r = await raw.request({
          path: `/raw/${k}`,
          method: "POST",
          body,
          headers: { "content-type": "application/json", "webhook-id": `raw_${k}_${rawCount}` },
        });
        await r.body.dump();
        rawCount++;
      }
    }),
  );
  const rawRate = rawCount / ((performance.now() - rawStart) / 1000);
  await raw.close();

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

  await executor.stop();
  for (const server of [app, receiver]) {
    server.closeAllConnections();
    server.close();
  }
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
