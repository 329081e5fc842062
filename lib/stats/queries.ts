import { and, asc, desc, eq, gte, inArray, isNotNull, min, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  LATENCY_BINS_MS,
  messages,
  webhookFilterBuckets,
  webhookStatBuckets,
  webhookStats,
  webhooks,
} from "@/db/schema";
import { foldWebhookEvents } from "./record";
import { statIntervals, type StatPoint, type StatRange } from "./series";

export { STAT_RANGES, type StatPoint, type StatRange } from "./series";

/**
 * Messages a view counts beyond the folded figure before it settles for "at least": enough
 * for a minute of a busy webhook, the sweeper's usual lag, after a fold on read.
 */
export const UNFOLDED_COUNT_LIMIT = 10_000;

/**
 * CloudBlue's counters for one webhook, plus when its next attempt is due. "Events" is the
 * folded figure plus the messages not folded yet; a view first folds a bounded step of them
 * (foldWebhookEvents), then counts at most UNFOLDED_COUNT_LIMIT more, so it costs the same
 * however far behind the sweeper is. Beyond that `eventsExact` is false and `events` is a
 * lower bound, which each further view raises until the count is exact again.
 */
export async function getWebhookCounters(db: Executor, webhookId: string, now: Date = new Date()) {
  const [[row], [next]] = await Promise.all([
    foldWebhookEvents(db, webhookId, now).then(() =>
      // One statement, so the folded figure and the messages after it are one snapshot.
      db
        .select({
          stats: webhookStats,
          unfolded: sql<number>`(select count(*)::int from (
            select 1 from ${messages} m
            where m.webhook_id = ${webhooks.id}
              and m.created_at > coalesce(${webhookStats.eventsCountedUntil}, '-infinity')
            limit ${UNFOLDED_COUNT_LIMIT + 1}::int) u)`,
          newest: sql<Date | null>`(select max(m.created_at) from ${messages} m
            where m.webhook_id = ${webhooks.id})`.mapWith(messages.createdAt),
        })
        .from(webhooks)
        .leftJoin(webhookStats, eq(webhookStats.webhookId, webhooks.id))
        .where(eq(webhooks.id, webhookId)),
    ),
    db
      .select({ at: min(messages.nextAttemptAt) })
      .from(messages)
      .where(
        and(eq(messages.webhookId, webhookId), inArray(messages.status, ["created", "retrying"])),
      ),
  ]);
  const stats = row?.stats;
  const unfolded = row?.unfolded ?? 0;
  const lastEvents = [stats?.lastEventAt, row?.newest].filter((d): d is Date => !!d);
  return {
    events: (stats?.events ?? 0) + unfolded,
    eventsExact: unfolded <= UNFOLDED_COUNT_LIMIT,
    triggers: stats?.triggers ?? 0,
    successes: stats?.successes ?? 0,
    failures: stats?.failures ?? 0,
    failuresSinceSuccess: stats?.failuresSinceSuccess ?? 0,
    lastEventAt: lastEvents.length ? new Date(Math.max(...lastEvents.map(Number))) : null,
    nextTriggerAt: next?.at ?? null,
    lastSuccess: stats?.lastSuccessMessageId
      ? {
          at: stats.lastSuccessAt!,
          messageId: stats.lastSuccessMessageId,
          attempt: stats.lastSuccessAttempt,
        }
      : null,
    lastFailure: stats?.lastFailureMessageId
      ? {
          at: stats.lastFailureAt!,
          messageId: stats.lastFailureMessageId,
          attempt: stats.lastFailureAttempt,
        }
      : null,
  };
}

/** The latency at quantile `q` of a histogram, interpolated inside its bin. */
export function quantileMs(histogram: number[], q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (!total) return null;
  const target = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i] ?? 0;
    if (n && seen + n >= target) {
      const low = i === 0 ? 0 : LATENCY_BINS_MS[i - 1]!;
      const high = Number.isFinite(LATENCY_BINS_MS[i]!) ? LATENCY_BINS_MS[i]! : low * 2;
      return Math.round(low + ((target - seen) / n) * (high - low));
    }
    seen += n;
  }
  return null;
}

/**
 * The charts' series over a range, from the hourly buckets: deliveries by outcome, success
 * rate, and p50/p95 response time. Every interval is present, empty ones with zeros.
 */
export async function getStatSeries(
  db: Executor,
  webhookId: string | null,
  range: StatRange,
  now: Date = new Date(),
): Promise<StatPoint[]> {
  const { starts, stepMs } = statIntervals(range, now);
  const start = starts[0]!;
  const rows = await db
    .select({
      hour: webhookStatBuckets.hour,
      successes: webhookStatBuckets.successes,
      failures: webhookStatBuckets.failures,
      latency: webhookStatBuckets.latency,
    })
    .from(webhookStatBuckets)
    .where(
      and(
        webhookId ? eq(webhookStatBuckets.webhookId, webhookId) : undefined,
        gte(webhookStatBuckets.hour, new Date(start)),
      ),
    );
  const points = starts.map((at) => ({
    start: new Date(at).toISOString(),
    successes: 0,
    failures: 0,
    histogram: new Array<number>(LATENCY_BINS_MS.length).fill(0),
  }));
  for (const row of rows) {
    const point = points[Math.floor((row.hour.getTime() - start) / stepMs)];
    if (!point) continue;
    point.successes += row.successes;
    point.failures += row.failures;
    row.latency.forEach((n, i) => (point.histogram[i]! += n));
  }
  return points.map(({ histogram, ...p }) => {
    const attempts = p.successes + p.failures;
    return {
      ...p,
      successRate: attempts ? Math.round((p.successes / attempts) * 1000) / 10 : null,
      p50: quantileMs(histogram, 0.5),
      p95: quantileMs(histogram, 0.95),
    };
  });
}

/**
 * Events a webhook's payload filter turned away over a range: not matched, and failed (a
 * missing field, a type mismatch: counted as no match), with the last failure's reason.
 */
export async function getFilterCounts(
  db: Executor,
  webhookId: string,
  range: StatRange,
  now: Date = new Date(),
) {
  const since = new Date(statIntervals(range, now).starts[0]!);
  const inRange = and(
    eq(webhookFilterBuckets.webhookId, webhookId),
    gte(webhookFilterBuckets.hour, since),
  );
  const [[totals], [last]] = await Promise.all([
    db
      .select({
        unmatched: sql<number>`coalesce(sum(${webhookFilterBuckets.unmatched}), 0)::int`,
        failed: sql<number>`coalesce(sum(${webhookFilterBuckets.failed}), 0)::int`,
      })
      .from(webhookFilterBuckets)
      .where(inRange),
    db
      .select({ error: webhookFilterBuckets.lastError, at: webhookFilterBuckets.lastErrorAt })
      .from(webhookFilterBuckets)
      .where(and(inRange, isNotNull(webhookFilterBuckets.lastErrorAt)))
      .orderBy(desc(webhookFilterBuckets.lastErrorAt))
      .limit(1),
  ]);
  return {
    unmatched: totals?.unmatched ?? 0,
    failed: totals?.failed ?? 0,
    lastError: last?.error && last.at ? { at: last.at, error: last.error } : null,
  };
}

/** The console home page: volume and failures over 24 hours, across every webhook. */
export async function getConsoleSummary(db: Executor, now: Date = new Date()) {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [volume] = await db
    .select({
      successes: sql<number>`coalesce(sum(${webhookStatBuckets.successes}), 0)::int`,
      failures: sql<number>`coalesce(sum(${webhookStatBuckets.failures}), 0)::int`,
    })
    .from(webhookStatBuckets)
    .where(gte(webhookStatBuckets.hour, since));
  return { successes: volume?.successes ?? 0, failures: volume?.failures ?? 0 };
}

/** Enabled webhooks whose latest attempts failed, longest failing first. */
export function getFailingWebhooks(db: Executor, limit = 10) {
  return db
    .select({
      id: webhooks.id,
      name: webhooks.name,
      failingSince: webhooks.failingSince,
      failuresSinceSuccess: webhookStats.failuresSinceSuccess,
    })
    .from(webhooks)
    .leftJoin(webhookStats, eq(webhookStats.webhookId, webhooks.id))
    .where(and(eq(webhooks.enabled, true), isNotNull(webhooks.failingSince)))
    .orderBy(asc(webhooks.failingSince))
    .limit(limit);
}

/** Webhooks the system turned off (410 Gone, 5 days of failures, a failed Test), newest first. */
export function getAutoDisabledWebhooks(db: Executor, limit = 10) {
  return db
    .select({
      id: webhooks.id,
      name: webhooks.name,
      reason: webhooks.disabledReason,
      updatedAt: webhooks.updatedAt,
    })
    .from(webhooks)
    .where(and(eq(webhooks.enabled, false), isNotNull(webhooks.disabledReason)))
    .orderBy(desc(webhooks.updatedAt))
    .limit(limit);
}

export async function countWebhooksAndPending(db: Executor) {
  const [[hooks], [pending]] = await Promise.all([
    db
      .select({
        total: sql<number>`count(*)::int`,
        enabled: sql<number>`count(*) filter (where ${webhooks.enabled})::int`,
      })
      .from(webhooks),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(inArray(messages.status, ["created", "retrying"])),
  ]);
  return { webhooks: hooks?.total ?? 0, enabled: hooks?.enabled ?? 0, pending: pending?.n ?? 0 };
}
