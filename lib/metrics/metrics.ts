import { sql } from "drizzle-orm";
import { Counter, Registry, collectDefaultMetrics } from "prom-client";
import type { Executor } from "@/db";
import { LATENCY_BINS_MS } from "@/db/schema";

/**
 * Prometheus metrics (`GET /metrics`, app/metrics/route.ts). Two kinds:
 *
 * - Read from the database when scraped, so every worker's and instance's work is counted
 *   once, whichever console answers: deliveries by outcome and the attempt latency histogram
 *   (from the statistics' counters and hourly buckets, which only grow), messages waiting by
 *   status, the oldest waiting message's age, and the local executor's queue depth and lag.
 * - Counted in this process as requests arrive: events published and REST API requests by
 *   operation and status. Each console instance exposes its own; sum them in PromQL.
 *
 * The registry lives on globalThis: Next.js may load this module more than once in a server.
 */

type Metrics = ReturnType<typeof createMetrics>;
const holder = globalThis as typeof globalThis & { hookyardMetrics?: Metrics };

/** Seconds, as Prometheus wants durations, from the latency bins' milliseconds. */
const BUCKET_BOUNDS = LATENCY_BINS_MS.map((ms) => (ms === Infinity ? "+Inf" : String(ms / 1000)));

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hookyard_process_" });
  const eventsPublished = new Counter({
    name: "hookyard_events_published_total",
    help: "Events stored by this console process, by source (api, console, hookyard: operational alerts)",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  const apiRequests = new Counter({
    name: "hookyard_api_requests_total",
    help: "REST API requests answered by this console process, by operation and HTTP status",
    labelNames: ["operation", "status"] as const,
    registers: [registry],
  });
  return { registry, eventsPublished, apiRequests };
}

export function metrics(): Metrics {
  holder.hookyardMetrics ??= createMetrics();
  return holder.hookyardMetrics;
}

/** Counts an event stored (not an idempotent replay). Cheap: the publishing path calls it. */
export function countPublished(source: "api" | "console" | "hookyard") {
  metrics().eventsPublished.inc({ source });
}

export function countApiRequest(operation: string, status: number) {
  metrics().apiRequests.inc({ operation, status: String(status) });
}

interface DatabaseFigures {
  successes: number;
  failures: number;
  histogram: number[];
  pending: { status: string; n: number }[];
  oldestPendingSeconds: number | null;
  executor: { queued: number; lagSeconds: number } | null;
}

/** The figures kept in the database, in one round trip of a few indexed reads. */
async function readDatabaseFigures(db: Executor): Promise<DatabaseFigures> {
  const { rows } = await db.execute<{
    successes: string | null;
    failures: string | null;
    histogram: number[] | null;
    pending: { status: string; n: number }[] | null;
    oldest: number | null;
    executor: boolean;
  }>(sql`
    select
      (select sum(successes) from webhook_stats) as successes,
      (select sum(failures) from webhook_stats) as failures,
      (select array_agg(total order by bin) from (
         select bin, sum(n)::bigint as total
         from webhook_stat_buckets, unnest(latency) with ordinality as l(n, bin)
         group by bin) h) as histogram,
      (select json_agg(json_build_object('status', status, 'n', n)) from (
         select status::text as status, count(*)::int as n from messages
         where status in ('created', 'retrying') group by status) p) as pending,
      (select extract(epoch from now() - min(created_at))::float8 from messages
         where status in ('created', 'retrying')) as oldest,
      to_regclass('executor.runs') is not null as executor`);
  const row = rows[0]!;
  let executor: DatabaseFigures["executor"] = null;
  if (row.executor) {
    // How many runs are ready and not running, and how late the most overdue one is.
    const { rows: runs } = await db.execute<{ queued: number; lag: number | null }>(sql`
      select count(*)::int as queued,
        extract(epoch from now() - min(next_at))::float8 as lag
      from executor.runs
      where status in ('queued', 'sleeping', 'waiting') and next_at <= now()`);
    executor = { queued: runs[0]?.queued ?? 0, lagSeconds: Math.max(0, runs[0]?.lag ?? 0) };
  }
  const histogram = new Array<number>(LATENCY_BINS_MS.length).fill(0);
  (row.histogram ?? []).forEach((n, i) => (histogram[i] = Number(n)));
  return {
    successes: Number(row.successes ?? 0),
    failures: Number(row.failures ?? 0),
    histogram,
    pending: row.pending ?? [],
    oldestPendingSeconds: row.oldest,
    executor,
  };
}

/** One sample: a histogram's samples name their series (`…_bucket`, `…_sum`, `…_count`). */
interface Sample {
  metricName?: string;
  labels: Record<string, string>;
  value: number;
}

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  values: Sample[];
}

const family = (name: string, help: string, type: Family["type"], values: Sample[]): Family => ({
  name,
  help,
  type,
  values,
});

/** The database's figures as metric families, in Prometheus's text format. */
function databaseFamilies(f: DatabaseFigures) {
  let cumulative = 0;
  const buckets = f.histogram.map((n, i) => {
    cumulative += n;
    return {
      metricName: "hookyard_attempt_duration_seconds_bucket",
      labels: { le: BUCKET_BOUNDS[i]! },
      value: cumulative,
    };
  });
  // The bins hold no sum of durations: each attempt counts at its bin's midpoint.
  const sum = f.histogram.reduce((total, n, i) => {
    const upper = LATENCY_BINS_MS[i]!;
    const lower = i ? LATENCY_BINS_MS[i - 1]! : 0;
    const mid = upper === Infinity ? lower : (lower + upper) / 2;
    return total + (n * mid) / 1000;
  }, 0);
  const families = [
    family("hookyard_deliveries_total", "Delivery attempts by outcome, every webhook", "counter", [
      { labels: { outcome: "success" }, value: f.successes },
      { labels: { outcome: "failure" }, value: f.failures },
    ]),
    family(
      "hookyard_attempt_duration_seconds",
      "How long attempts took, from sending to the answer (the Statistics tab's histogram)",
      "histogram",
      [
        ...buckets,
        { metricName: "hookyard_attempt_duration_seconds_sum", labels: {}, value: sum },
        { metricName: "hookyard_attempt_duration_seconds_count", labels: {}, value: cumulative },
      ],
    ),
    family(
      "hookyard_messages_waiting",
      "Messages not delivered yet, by status (created: no attempt yet; retrying)",
      "gauge",
      ["created", "retrying"].map((status) => ({
        labels: { status },
        value: f.pending.find((p) => p.status === status)?.n ?? 0,
      })),
    ),
    family(
      "hookyard_oldest_waiting_message_age_seconds",
      "Age of the oldest message not delivered yet; 0 when none waits",
      "gauge",
      [{ labels: {}, value: f.oldestPendingSeconds ?? 0 }],
    ),
  ];
  if (f.executor) {
    families.push(
      family(
        "hookyard_executor_runs_ready",
        "Runs of the local executor that are due and not started (its queue depth)",
        "gauge",
        [{ labels: {}, value: f.executor.queued }],
      ),
      family(
        "hookyard_executor_run_lag_seconds",
        "How long the most overdue ready run of the local executor has waited past its time",
        "gauge",
        [{ labels: {}, value: f.executor.lagSeconds }],
      ),
    );
  }
  return families;
}

/** Escapes a label value for the text format. */
const escapeLabel = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

function renderFamily(f: Family) {
  const lines = [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`];
  for (const v of f.values) {
    const labels = Object.entries(v.labels)
      .map(([k, val]) => `${k}="${escapeLabel(val)}"`)
      .join(",");
    const name = v.metricName ?? f.name;
    lines.push(`${name}${labels ? `{${labels}}` : ""} ${v.value}`);
  }
  return lines.join("\n");
}

/** Everything `/metrics` answers, in Prometheus's text format. */
export async function renderMetrics(db: Executor): Promise<string> {
  const [figures, own] = await Promise.all([readDatabaseFigures(db), metrics().registry.metrics()]);
  return `${databaseFamilies(figures).map(renderFamily).join("\n")}\n${own}`;
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
