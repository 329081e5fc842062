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
 * `--filtered` gives every webhook a payload filter that matches every event (so the deliveries
 * are the same): the figures then include evaluating WEBHOOKS filters per event.
 *
 *   npm run bench:delivery [-- --webhooks 50] [-- --seconds 10] [-- --publishers 16] [-- --sql]
 *     [-- --filtered]
 */
import os from "node:os";
import { startDeliveryRig } from "./delivery-rig";
import { bareUndiciRate, booleanFlag, numberFlag, quantile, runBench } from "./support";

const WEBHOOKS = numberFlag("webhooks", 50);
const SECONDS = numberFlag("seconds", 10);
/** Events published at once in the throughput phase, as many API clients would. */
const PUBLISHERS = numberFlag("publishers", 16);
/** `--sql`: also print the statements Postgres spent the throughput phase on. */
const SQL_PROFILE = booleanFlag("sql");
/** `--filtered`: every webhook has a payload filter (one that matches every event). */
const FILTERED = booleanFlag("filtered");
const FILTER = 'event.type.startsWith("application.") && event.data.application.id > 0';
const log = (line: string) => console.log(`[bench:delivery] ${line}`);

async function main() {
  const rig = await startDeliveryRig("delivery", { sql: SQL_PROFILE });
  const { pool, receiver, receiverUrl, app } = rig;
  await rig.webhooks(WEBHOOKS, "hook", FILTERED ? { filter: FILTER } : {});
  const drained = (published: [string, number][], timeoutMs: number) =>
    rig.arrived(published.length, timeoutMs);

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
  const runs = await rig.runCounts();
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
  if (!(await rig.settled(60_000))) {
    log("the flood had not settled after a minute; measuring latency anyway");
  }
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

  const filters = FILTERED ? `, each with the payload filter ${FILTER}` : ", no payload filters";
  console.log(`\nbench:delivery — ${WEBHOOKS} webhooks${filters}, ${os.cpus().length} cores\n`);
  console.log("| figure | measured | target |");
  console.log("| --- | --- | --- |");
  console.log(
    `| deliveries per second, sustained | ${Math.round(rate)} (${delivered} in ${elapsed.toFixed(1)} s, ${lost} lost) | 2,000 |`,
  );
  console.log(`| publish → arrival p50 at ${Math.round(rate / 2)}/s | ${q(0.5).toFixed(0)} ms | |`);
  console.log(
    `| publish → arrival p99 at ${Math.round(rate / 2)}/s | ${q(0.99).toFixed(0)} ms | < 250 ms |`,
  );
  console.log(`| executor runs in the throughput phase | ${runs} | |`);
  console.log(
    `| raw limit: bare undici loop to the same receiver | ${Math.round(rawRate)} requests/s | |`,
  );

  await rig.stop();
  return lost === 0;
}

runBench(main);
