/**
 * `npm run bench:logs`: the console's message queries at scale. Fills a database with
 * 5 million messages and 15 million attempts (kept in .data/bench-logs, or `--data-dir`, for
 * the next run; `--fresh` fills it again), then times, server side, each query the Logs tab,
 * the Messages page and the Statistics tab make, beside a naive OFFSET/COUNT version of the
 * same query. The Statistics tab is timed twice: as a bulk load leaves it, before the sweeper
 * has folded any message into the counters, then after the sweeper's fold.
 *
 *   npm run bench:logs [-- --fresh] [-- --messages 5000000] [-- --runs 30] [-- --data-dir DIR]
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db";
import { bootstrapDatabase } from "@/scripts/bootstrap";
import { ensureDatabase, startEmbeddedPostgres } from "@/scripts/postgres";
import { countMessages, listMessages, type MessageFilters } from "@/lib/messages/queries";
import { getStatSeries, getWebhookCounters } from "@/lib/stats/queries";
import { countNewMessages } from "@/lib/stats/record";
import { freePort } from "@/test/global-setup";
import { runBench } from "./support";

const root = path.resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const textFlag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const MESSAGES = flag("messages", 5_000_000);
const RUNS = flag("runs", 30);
const WEBHOOKS = 200;
/** The busiest webhook holds this share of the messages, so its Logs tab goes a million deep. */
const BIG_SHARE = 0.4;
const TARGET_P95_MS = 50;
const log = (line: string) => console.log(`[bench:logs] ${line}`);

async function fill(db: Db) {
  log(
    `filling: ${WEBHOOKS} webhooks, ${MESSAGES.toLocaleString("en-US")} messages, 3 attempts each…`,
  );
  const started = Date.now();
  await db.execute(sql`
    insert into webhooks (id, name, url, event_types, secret_encrypted)
    select 'WH-' || lpad((i / 1000000)::text, 3, '0') || '-' || lpad((i / 1000 % 1000)::text, 3, '0') || '-' || lpad((i % 1000)::text, 3, '0'),
           'Bench ' || i, 'https://example.com/' || i, '{application.*}', 'v1.x.y.z'
    from generate_series(0, ${WEBHOOKS - 1}::int) i`);
  // A bulk load: secondary indexes are built once at the end, and foreign-key triggers skip
  // checks the generator guarantees anyway.
  const { rows: indexes } = await db.execute<{ indexname: string; indexdef: string }>(sql`
    select indexname, indexdef from pg_indexes
    where tablename in ('messages', 'attempts') and indexname not like '%_pkey'`);
  for (const index of indexes) await db.execute(sql.raw(`drop index ${index.indexname}`));
  await db.execute(sql`set session_replication_role = replica`);
  await db.execute(sql`set synchronous_commit = off`);
  const big = Math.floor(MESSAGES * BIG_SHARE);
  const chunk = 500_000;
  const spanSeconds = 30 * 24 * 3600;
  for (let from = 0; from < MESSAGES; from += chunk) {
    const to = Math.min(MESSAGES, from + chunk) - 1;
    // Message i: the big webhook for the first 40 %, the others round-robin; spread over 30
    // days in an order unrelated to i; 90 % success, 5 % failed, 4 % cancelled, 1 % retrying.
    await db.execute(sql`
      insert into messages (id, webhook_id, kind, event_type, payload, status, attempts,
                            last_response_status, next_attempt_at, created_at, deadline_at, finished_at)
      select 'msg_' || md5(i::text),
             case when i < ${big} then 'WH-000-000-000'
                  else 'WH-000-000-' || lpad((1 + i % ${WEBHOOKS - 1})::text, 3, '0') end,
             'event',
             (array['application.created','application.updated','asset_request.created','asset_request.approved'])[1 + i % 4],
             '{"application": {"id": 42}}'::jsonb,
             s.status, 3,
             case s.status when 'success' then 200 when 'failed' then 500 else 503 end,
             case s.status when 'retrying' then now() + interval '1 hour' end,
             t.at, t.at + interval '10 days', case when s.status <> 'retrying' then t.at end
      from generate_series(${from}::int, ${to}::int) i,
           lateral (select date_trunc('milliseconds', now()) - ((i::bigint * 7919) % ${spanSeconds}) * interval '1 second' as at) t,
           lateral (select (case when i % 100 < 90 then 'success' when i % 100 < 95 then 'failed'
                                 when i % 100 < 99 then 'cancelled' else 'retrying' end)::message_status as status) s`);
    await db.execute(sql`
      insert into attempts (message_id, webhook_id, number, started_at, duration_ms, request,
                            response_status, response_body, success)
      select m.id, m.webhook_id, n, m.created_at + (n - 1) * interval '30 seconds', 20 + (n * 37) % 300,
             '{"url": "https://example.com/hook", "method": "POST", "headers": {"content-type": "application/json"}, "body": "{}"}'::jsonb,
             case when n = 3 and m.status = 'success' then 200 else 500 end, 'ok',
             n = 3 and m.status = 'success'
      from messages m, generate_series(1, 3) n
      where m.id in (select 'msg_' || md5(i::text) from generate_series(${from}::int, ${to}::int) i)`);
    log(
      `  ${(to + 1).toLocaleString("en-US")} messages (${Math.round((Date.now() - started) / 1000)} s)`,
    );
  }
  await db.execute(sql`set session_replication_role = origin`);
  log(`building ${indexes.length} indexes…`);
  await db.execute(sql`set maintenance_work_mem = '1GB'`);
  for (const index of indexes) await db.execute(sql.raw(index.indexdef));
  // The attempts are counted as they are made; the messages only by the sweeper's fold, which
  // has not run over a bulk load yet: "Events" is all still to count.
  await db.execute(sql`
    insert into webhook_stats (webhook_id, triggers, successes, failures)
    select webhook_id, count(*) * 3, count(*) filter (where status = 'success'),
           count(*) * 3 - count(*) filter (where status = 'success')
    from messages group by webhook_id`);
  await db.execute(sql`
    insert into webhook_stat_buckets (webhook_id, hour, successes, failures, latency)
    select w.id, h, 50, 5, array[0,0,5,10,10,10,10,5,3,1,1,0,0,0,0,0,0,0,0,0]
    from webhooks w, generate_series(date_trunc('hour', now() - interval '30 days'), now(), interval '1 hour') h`);
  await db.execute(sql`analyze`);
  log(`filled in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** p50 and p95 of `fn`; `before`, untimed, puts the state back before each run. */
async function time(runs: number, fn: () => Promise<unknown>, before?: () => Promise<unknown>) {
  await before?.();
  await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

async function main() {
  const dataDir = path.resolve(root, textFlag("data-dir") ?? path.join(".data", "bench-logs"));
  let serverUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL.replace(/\/[^/]*$/, "");
  } else {
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    serverUrl = pg.serverUrl;
    stop = pg.stop;
  }
  try {
    const url = await ensureDatabase(serverUrl, "hookyard_bench_logs");
    const { db, pool } = createDb(url, 4);
    pool.on("error", () => undefined); // connections closed by the server at the end
    if (args.includes("--fresh")) {
      await db.execute(
        sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public`,
      );
    }
    await bootstrapDatabase(url);
    const [{ n } = { n: 0 }] = (
      await db.execute<{ n: number }>(sql`select count(*)::int as n from messages`)
    ).rows;
    if (n < MESSAGES) {
      if (n > 0) throw new Error(`The bench database holds ${n} messages; run with --fresh`);
      // One connection, so the session settings of the bulk load hold for every statement.
      const loader = createDb(url, 1);
      await fill(loader.db);
      await loader.pool.end();
    } else {
      log(
        `reusing ${n.toLocaleString("en-US")} messages in ${existsSync(dataDir) ? dataDir : url}`,
      );
    }
    const [{ messagesNow } = { messagesNow: 0 }] = (
      await db.execute<{ messagesNow: number }>(
        sql`select count(*)::int as "messagesNow" from messages`,
      )
    ).rows;
    const [{ attempts } = { attempts: 0 }] = (
      await db.execute<{ attempts: number }>(sql`select count(*)::int as attempts from attempts`)
    ).rows;

    const big = "WH-000-000-000";
    // A million rows deep, or as deep as a smaller fill allows.
    const deepOffset = Math.min(1_000_000, Math.floor(MESSAGES * BIG_SHARE * 0.9));
    const [deep] = (
      await db.execute<{ created_at: string; id: string }>(sql`
        select created_at::text, id from messages where webhook_id = ${big}
        order by created_at desc, id desc offset ${deepOffset - 1} limit 1`)
    ).rows;
    const deepCursor = Buffer.from(
      `${new Date(deep!.created_at).toISOString()}|${deep!.id}`,
    ).toString("base64url");
    const filtered: MessageFilters = {
      webhookId: big,
      status: "failed",
      eventType: "application.updated",
    };
    const rows: { query: string; p50: number; p95: number; naive50: number; naive95: number }[] =
      [];
    const bench = async (
      query: string,
      fast: () => Promise<unknown>,
      naive: () => Promise<unknown>,
      before?: () => Promise<unknown>,
    ) => {
      const f = await time(RUNS, fast, before);
      const s = await time(Math.max(3, Math.floor(RUNS / 5)), naive, before);
      rows.push({ query, p50: f.p50, p95: f.p95, naive50: s.p50, naive95: s.p95 });
      log(`  ${query}: p95 ${f.p95.toFixed(1)} ms (naive ${s.p95.toFixed(1)} ms)`);
    };
    const naivePage = (where: ReturnType<typeof sql>, offset: number) =>
      db.execute(sql`
        select m.*, w.name from messages m join webhooks w on w.id = m.webhook_id
        where ${where} order by m.created_at desc, m.id desc offset ${offset} limit 50`);
    const naiveCount = (where: ReturnType<typeof sql>) =>
      db.execute(sql`select count(*) from messages m where ${where}`);

    log("timing…");
    await bench(
      "Logs tab, first page + count",
      () =>
        Promise.all([listMessages(db, { webhookId: big }), countMessages(db, { webhookId: big })]),
      () =>
        Promise.all([
          naivePage(sql`m.webhook_id = ${big}`, 0),
          naiveCount(sql`m.webhook_id = ${big}`),
        ]),
    );
    await bench(
      `Logs tab, a page ${deepOffset.toLocaleString("en-US")} rows deep`,
      () => listMessages(db, { webhookId: big }, { older: deepCursor }),
      () => naivePage(sql`m.webhook_id = ${big}`, deepOffset),
    );
    await bench(
      "Logs tab, filtered (failed, one type) + count",
      () => Promise.all([listMessages(db, filtered), countMessages(db, filtered)]),
      () => {
        const where = sql`m.webhook_id = ${big} and m.status = 'failed' and m.event_type = 'application.updated'`;
        return Promise.all([naivePage(where, 0), naiveCount(where)]);
      },
    );
    await bench(
      "Messages page (all webhooks), first page + count",
      () => Promise.all([listMessages(db, {}), countMessages(db, {})]),
      () => Promise.all([naivePage(sql`true`, 0), naiveCount(sql`true`)]),
    );
    // Before the sweeper's fold: every message of the webhook is still to count. Each view
    // folds a step of them, so the state is put back before each run.
    const [{ backlog } = { backlog: 0 }] = (
      await db.execute<{ backlog: number }>(
        sql`select count(*)::int as backlog from messages where webhook_id = ${big}`,
      )
    ).rows;
    await bench(
      `Statistics tab, sweeper behind (${backlog.toLocaleString("en-US")} messages to fold)`,
      () => Promise.all([getWebhookCounters(db, big), getStatSeries(db, big, "30d")]),
      // What the tab did before folding on read: count every message not folded yet.
      () =>
        Promise.all([
          db.execute(sql`
            select count(*), max(created_at) from messages
            where webhook_id = ${big} and created_at > coalesce((select events_counted_until
              from webhook_stats where webhook_id = ${big}), '-infinity')`),
          getStatSeries(db, big, "30d"),
        ]),
      () =>
        db.execute(sql`
          update webhook_stats set events = 0, events_counted_until = null, last_event_at = null
          where webhook_id = ${big}`),
    );
    const foldStarted = performance.now();
    await countNewMessages(db, new Date(), { budgetMs: Infinity });
    const foldMs = performance.now() - foldStarted;
    log(`  the sweeper's fold of every webhook's messages: ${(foldMs / 1000).toFixed(1)} s`);
    await bench(
      "Statistics tab, after the sweeper's fold (counters + 30-day series)",
      () => Promise.all([getWebhookCounters(db, big), getStatSeries(db, big, "30d")]),
      () =>
        db.execute(sql`
          select count(*), count(*) filter (where success), count(*) filter (where not success),
                 max(started_at) filter (where success), max(started_at) filter (where not success),
                 percentile_cont(0.5) within group (order by duration_ms),
                 percentile_cont(0.95) within group (order by duration_ms)
          from attempts where webhook_id = ${big} and started_at > now() - interval '30 days'`),
    );

    console.log(
      `\nbench:logs — ${messagesNow.toLocaleString("en-US")} messages, ${attempts.toLocaleString("en-US")} attempts, ${RUNS} runs each, server-side time in ms\n`,
    );
    console.log(`The sweeper's fold of the whole load took ${(foldMs / 1000).toFixed(1)} s.\n`);
    console.log("| query | p50 | p95 | naive OFFSET/COUNT p50 | naive p95 | p95 target |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const r of rows) {
      console.log(
        `| ${r.query} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.naive50.toFixed(1)} | ${r.naive95.toFixed(1)} | ${r.p95 < TARGET_P95_MS ? "met" : "MISSED"} (< ${TARGET_P95_MS}) |`,
      );
    }
    await pool.end();
  } catch (error) {
    console.error(error);
    return false;
  } finally {
    await stop();
  }
  return true;
}

runBench(main);
