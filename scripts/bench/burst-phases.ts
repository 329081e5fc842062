import type { Pool } from "pg";
import type { LauncherHarness } from "@/test/launcher-harness";
import type { ProcessSampler } from "./process-sampler";
import { quantile } from "./support";

/** bench:burst's phases: publishing through the events API, a page watched, a paused spell. */

export type Row = [figure: string, measured: string, target: string];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const n = (x: number) => Math.round(x).toLocaleString("en-US");

export function table(rows: string[][], header = ["figure", "measured", "target"]) {
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => " --- ").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

/**
 * `events` events through `POST /api/v1/events`, `publishers` at once, each expected to make
 * a message for each of the `webhooks`. A refusal (429, 503) is counted and that event is
 * published again after a pause, as a back office would; its latency is the accepted call's.
 */
export async function publishEvents(
  h: LauncherHarness,
  events: number,
  publishers: number,
  webhooks: number,
) {
  const latencies: number[] = [];
  const refused = new Map<number, number>();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: publishers }, async () => {
      while (next < events) {
        const id = next++;
        for (;;) {
          const sent = performance.now();
          const answer = await h.api("/events", {
            type: "application.created",
            payload: { application: { id } },
          });
          if (answer.status === 202) {
            const { messages } = (await answer.json()) as { messages: number };
            latencies.push(performance.now() - sent);
            if (messages !== webhooks) throw new Error(`an event made ${messages} messages`);
            break;
          }
          refused.set(answer.status, (refused.get(answer.status) ?? 0) + 1);
          const wait = Number(answer.headers.get("retry-after") ?? 1) * 1000;
          await answer.body?.cancel();
          await sleep(wait);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => quantile(latencies, p).toFixed(0);
  return {
    accepted: latencies.length,
    seconds,
    summary: `${q(0.5)} / ${q(0.99)} ms (max ${q(1)} ms)`,
    refusedText: refused.size
      ? `; refused then published again: ${[...refused].map(([s, c]) => `${c}× ${s}`).join(", ")}`
      : "",
  };
}

/** Loads a page one request after another, a second apart, until stopped. */
export function watchPage(load: () => Promise<number>) {
  const samples: number[] = [];
  const errors: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        samples.push(await load());
      } catch (error) {
        errors.push((error as Error).message);
      }
      await sleep(1000);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { samples, errors };
    },
  };
}

/**
 * With deliveries paused and the published messages parked: waits until the executor has no
 * run queued or running, then watches `seconds` in slices of 5 s — runs written (a parked
 * message's run waking up to look again shows here), attempts made (none should be) and the
 * CPU each process used.
 */
export async function idleWindow(
  pool: Pool,
  sampler: ProcessSampler,
  seconds: number,
  log: (line: string) => void,
) {
  const settleStart = performance.now();
  const busy = async () =>
    (
      await pool.query<{ n: number }>(
        "select count(*)::int as n from executor.runs where status in ('queued', 'running')",
      )
    ).rows[0]!.n;
  while ((await busy()) > 0 && performance.now() - settleStart < 300_000) await sleep(500);
  const settledText = `${((performance.now() - settleStart) / 1000).toFixed(1)} s after publishing ended; ${await busy()} runs still queued or running`;
  const { rows: statuses } = await pool.query<{ status: string; n: number }>(
    "select status, count(*)::int as n from executor.runs group by 1 order by 2 desc",
  );
  const runWrites = async () =>
    Number(
      (
        await pool.query<{ n: string }>(
          `select n_tup_ins + n_tup_upd + n_tup_del as n from pg_stat_user_tables
           where schemaname = 'executor' and relname = 'runs'`,
        )
      ).rows[0]?.n ?? 0,
    );
  log(`paused and settled (${settledText}); watching the executor for ${seconds} s…`);
  const rows: string[][] = [];
  const totals = { updated: 0, created: 0, attempts: 0, writes: 0 };
  const cpuTotal = new Map<string, number>();
  for (let at = 0; at < seconds; at += 5) {
    const { rows: clock } = await pool.query<{ now: Date }>("select now()");
    const writesBefore = await runWrites();
    sampler.sample();
    const cpuBefore = sampler.cpuSeconds();
    await sleep(5000);
    const { rows: counts } = await pool.query<{
      updated: number;
      created: number;
      attempts: number;
    }>(
      `select (select count(*)::int from executor.runs where updated_at > $1) as updated,
              (select count(*)::int from executor.runs where created_at > $1) as created,
              (select count(*)::int from attempts where started_at > $1) as attempts`,
      [clock[0]!.now],
    );
    const c = counts[0]!;
    const writes = (await runWrites()) - writesBefore;
    sampler.sample();
    const cpu = [...sampler.cpuSeconds()].map(([group, s]) => {
      const used = s - (cpuBefore.get(group) ?? 0);
      cpuTotal.set(group, (cpuTotal.get(group) ?? 0) + used);
      return [group, used] as const;
    });
    const cpuOf = (m: Iterable<readonly [string, number]>) => {
      const map = new Map(m);
      return ["launcher + executor", "worker", "next-server", "postgres"]
        .map((g) => `${(map.get(g) ?? 0).toFixed(2)} s`)
        .join(" / ");
    };
    rows.push([
      `${at}–${at + 5}`,
      n(c.updated),
      n(c.created),
      n(c.attempts),
      n(writes),
      cpuOf(cpu),
    ]);
    totals.updated += c.updated;
    totals.created += c.created;
    totals.attempts += c.attempts;
    totals.writes += writes;
    if (at + 5 >= seconds) {
      rows.push([
        "total",
        n(totals.updated),
        n(totals.created),
        n(totals.attempts),
        n(totals.writes),
        cpuOf(cpuTotal),
      ]);
    }
  }
  return {
    rows,
    settledText,
    statusText: statuses.map((s) => `${s.status} ${n(s.n)}`).join(", "),
  };
}

/** First attempts and retries, from the attempts the console recorded. */
export async function retryFigures(pool: Pool, t0: number): Promise<Row[]> {
  const { rows } = await pool.query<{ number: number; n: number; first: number; last: number }>(
    `select number, count(*)::int as n,
       extract(epoch from min(started_at)) * 1000 as first,
       extract(epoch from max(started_at)) * 1000 as last
     from attempts group by number order by number`,
  );
  const [first, second] = rows;
  if (!first || !second) return [["attempts", "no retries recorded", ""]];
  const firstRate = first.n / ((first.last - t0) / 1000);
  const retryRate = second.n / ((second.last - second.first) / 1000);
  return [
    [
      "first attempts (all answered 500): first publish → last",
      `${n(first.n)} in ${((first.last - t0) / 1000).toFixed(1)} s (${n(firstRate)}/s)`,
      "",
    ],
    [
      "retries (1 s later): first → last",
      `${n(second.n)} in ${((second.last - second.first) / 1000).toFixed(1)} s (${n(retryRate)}/s, ${((retryRate / firstRate) * 100).toFixed(0)} % of the first-attempt rate)`,
      "≥ 50 %",
    ],
    ...rows.slice(2).map((r): Row => [`attempt number ${r.number}`, `${n(r.n)}`, "none expected"]),
  ];
}
