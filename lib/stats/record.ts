import { sql } from "drizzle-orm";
import { recordset, type Executor } from "@/db";
import { LATENCY_BINS_MS } from "@/db/schema";

/** The 1-based histogram bin of a duration. */
export const latencyBin = (ms: number) => LATENCY_BINS_MS.findIndex((bound) => ms <= bound) + 1;

/** New messages are left this long before they are counted: their transactions are done. */
export const COUNT_MESSAGES_AFTER_MS = 60_000;

/**
 * Shared by every fold of messages into "Events", the sweeper's and the views' (each also
 * holds a lock of its webhook), so no two folds count the same messages; a session holding it
 * alone stops every fold.
 */
export const FOLD_LOCK_KEY = "hookyard:count-new-messages";
const FOLD_LOCK = sql`hashtext(${FOLD_LOCK_KEY})`;

/** Messages one step of the sweeper's fold takes, per webhook (one statement each). */
const SWEEP_FOLD_STEP = 50_000;

/**
 * Folds messages created since the last fold into their webhooks' "Events" and "Last event"
 * (every minute, from the sweep-messages function). Publishing writes nothing here — the
 * messages are the log — and getWebhookCounters folds on read and counts the rest. In steps of
 * SWEEP_FOLD_STEP messages a webhook (foldWebhookEvents: the same locks and compare-and-set as
 * a view's fold), for at most `budgetMs`: a backlog of millions (a bulk load, a long outage) is
 * caught up over a few runs instead of in one statement that would outlast the database
 * timeout. Returns how many messages it folded.
 */
export async function countNewMessages(
  db: Executor,
  now: Date = new Date(),
  {
    budgetMs = 20_000,
    step = SWEEP_FOLD_STEP,
    maxSteps = Infinity,
  }: { budgetMs?: number; step?: number; maxSteps?: number } = {},
) {
  const until = new Date(now.getTime() - COUNT_MESSAGES_AFTER_MS).toISOString();
  // The webhooks with messages not folded yet: one index probe each.
  const { rows } = await db.execute<{ id: string }>(sql`
    select w.id from webhooks w
    left join webhook_stats s on s.webhook_id = w.id
    where exists (
      select 1 from messages m
      where m.webhook_id = w.id
        and m.created_at > coalesce(s.events_counted_until, '-infinity')
        and m.created_at <= ${until}::timestamptz)
    order by w.id`);
  const end = Date.now() + budgetMs;
  let total = 0;
  let steps = 0;
  for (const { id } of rows) {
    for (;;) {
      if (Date.now() >= end || steps++ >= maxSteps) return total;
      // 0 when a view folds the same webhook now: it is left to that view, or the next run.
      const folded = await foldWebhookEvents(db, id, now, step);
      total += folded;
      if (folded < step) break;
    }
  }
  return total;
}

/** One fold on read takes at most this many messages (plus any sharing the last one's time). */
export const FOLD_ON_READ_LIMIT = 5_000;

/**
 * One bounded step of countNewMessages for a single webhook, for a reader that finds the
 * sweeper behind: the oldest `limit` messages not yet counted are folded in, so the work of
 * a view stays the same however far behind the sweeper is, and repeated views catch up.
 * Nothing is folded (0) while another fold runs — the sweeper's, or another reader's of the
 * same webhook — or while a delivery holds the webhook's counters row: a reader never waits.
 */
export async function foldWebhookEvents(
  db: Executor,
  webhookId: string,
  now: Date = new Date(),
  limit: number = FOLD_ON_READ_LIMIT,
): Promise<number> {
  const until = new Date(now.getTime() - COUNT_MESSAGES_AFTER_MS).toISOString();
  try {
    return await db.transaction(async (tx) => {
      // A fold lost in a crash is only counted again: the view need not wait for the disk.
      const {
        rows: [locks],
      } = await tx.execute<{ shared: boolean; own: boolean }>(sql`
        select pg_try_advisory_xact_lock_shared(${FOLD_LOCK}) as shared,
               pg_try_advisory_xact_lock(${FOLD_LOCK}, hashtext(${webhookId})) as own,
               set_config('lock_timeout', '20ms', true),
               set_config('synchronous_commit', 'off', true)`);
      if (!locks?.shared || !locks.own) return 0;
      // The step ends at its last message's time, so messages sharing that time are all
      // counted now; the compare on events_counted_until makes a fold that raced another a no-op.
      const { rows } = await tx.execute<{ folded: number }>(sql`
        with cur as (
          select w.id, s.events_counted_until as since
          from webhooks w left join webhook_stats s on s.webhook_id = w.id
          where w.id = ${webhookId}
        ),
        step as (
          select m.created_at from cur cross join lateral (
            select m.created_at from messages m
            where m.webhook_id = cur.id
              and m.created_at > coalesce(cur.since, '-infinity')
              and m.created_at <= ${until}::timestamptz
            order by m.created_at
            limit ${limit}::int
          ) m
        ),
        cut as (select count(*)::int as n, max(created_at) as last from step),
        fold as (
          select cur.id, cur.since, cut.last,
            case when cut.n < ${limit}::int then ${until}::timestamptz else cut.last end as upto,
            case when cut.n < ${limit}::int then cut.n
              else cut.n - (select count(*) from step where created_at = cut.last)::int
                + (select count(*) from messages m
                   where m.webhook_id = cur.id and m.created_at = cut.last)::int
            end as n
          from cur, cut
        )
        insert into webhook_stats as s (webhook_id, events, last_event_at, events_counted_until)
        select id, n, last, upto from fold where n > 0
        on conflict (webhook_id) do update set
          events = s.events + excluded.events,
          last_event_at = greatest(s.last_event_at, excluded.last_event_at),
          events_counted_until = excluded.events_counted_until
        where s.events_counted_until is not distinct from (select since from cur)
        returning (select n from fold) as folded`);
      return rows[0]?.folded ?? 0;
    });
  } catch (error) {
    if (isLockNotAvailable(error)) return 0;
    throw error;
  }
}

/** Postgres lock_not_available: lock_timeout ran out. */
function isLockNotAvailable(error: unknown): boolean {
  const e = error as { code?: string; cause?: unknown } | null;
  if (!e) return false;
  return e.code === "55P03" || isLockNotAvailable(e.cause);
}

export interface CountedAttempt {
  webhookId: string;
  messageId: string;
  number: number;
  startedAt: Date;
  durationMs: number;
  success: boolean;
}

/**
 * Counts attempts, any number in two statements: per webhook the totals, the failure streak
 * and the last success and failure; per webhook and hour the successes, failures and latency
 * histogram. Rows are taken in webhook order, as every other writer of these tables does.
 */
export async function countAttempts(db: Executor, list: CountedAttempt[]) {
  if (!list.length) return;
  const totals = new Map<
    string,
    {
      webhook_id: string;
      triggers: number;
      successes: number;
      failures: number;
      /** Failures after the batch's last success; null when the batch has no success. */
      streak: number | null;
      tail: number;
      last_success_at: string | null;
      last_success_message_id: string | null;
      last_success_attempt: number | null;
      last_failure_at: string | null;
      last_failure_message_id: string | null;
      last_failure_attempt: number | null;
    }
  >();
  const ordered = [...list].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const a of ordered) {
    let t = totals.get(a.webhookId);
    if (!t) {
      t = {
        webhook_id: a.webhookId,
        triggers: 0,
        successes: 0,
        failures: 0,
        streak: null,
        tail: 0,
        last_success_at: null,
        last_success_message_id: null,
        last_success_attempt: null,
        last_failure_at: null,
        last_failure_message_id: null,
        last_failure_attempt: null,
      };
      totals.set(a.webhookId, t);
    }
    t.triggers++;
    if (a.success) {
      t.successes++;
      t.streak = 0;
      t.last_success_at = a.startedAt.toISOString();
      t.last_success_message_id = a.messageId;
      t.last_success_attempt = a.number;
    } else {
      t.failures++;
      t.tail++;
      if (t.streak !== null) t.streak++;
      t.last_failure_at = a.startedAt.toISOString();
      t.last_failure_message_id = a.messageId;
      t.last_failure_attempt = a.number;
    }
  }
  const rows = [...totals.values()].sort((a, b) => (a.webhook_id < b.webhook_id ? -1 : 1));
  await db.execute(sql`
    insert into webhook_stats as s (webhook_id, triggers, successes, failures, failures_since_success,
      last_success_at, last_success_message_id, last_success_attempt,
      last_failure_at, last_failure_message_id, last_failure_attempt)
    select webhook_id, triggers, successes, failures, coalesce(streak, tail),
      last_success_at, last_success_message_id, last_success_attempt,
      last_failure_at, last_failure_message_id, last_failure_attempt
    from ${recordset(rows)} as v(webhook_id text, triggers int,
      successes int, failures int, streak int, tail int,
      last_success_at timestamptz, last_success_message_id text, last_success_attempt int,
      last_failure_at timestamptz, last_failure_message_id text, last_failure_attempt int)
    on conflict (webhook_id) do update set
      triggers = s.triggers + excluded.triggers,
      successes = s.successes + excluded.successes,
      failures = s.failures + excluded.failures,
      failures_since_success = case when excluded.successes > 0
        then excluded.failures_since_success
        else s.failures_since_success + excluded.failures_since_success end,
      last_success_at = coalesce(excluded.last_success_at, s.last_success_at),
      last_success_message_id = coalesce(excluded.last_success_message_id, s.last_success_message_id),
      last_success_attempt = coalesce(excluded.last_success_attempt, s.last_success_attempt),
      last_failure_at = coalesce(excluded.last_failure_at, s.last_failure_at),
      last_failure_message_id = coalesce(excluded.last_failure_message_id, s.last_failure_message_id),
      last_failure_attempt = coalesce(excluded.last_failure_attempt, s.last_failure_attempt)`);

  const attempts = ordered
    .map((a) => ({
      webhook_id: a.webhookId,
      started_at: a.startedAt.toISOString(),
      success: a.success,
      bin: latencyBin(a.durationMs),
    }))
    .sort((a, b) => (a.webhook_id < b.webhook_id ? -1 : a.webhook_id > b.webhook_id ? 1 : 0));
  // UTC hours whatever the server's time zone: the charts' days are UTC days, and a zone half
  // an hour off UTC would file an attempt at 00:10 under the day before.
  await db.execute(sql`
    insert into webhook_stat_buckets as b (webhook_id, hour, successes, failures, latency)
    select webhook_id, date_trunc('hour', started_at, 'UTC'),
      count(*) filter (where success), count(*) filter (where not success),
      (select array_agg((select count(*) from unnest(array_agg(v.bin)) x where x = i)::int order by i)
       from generate_series(1, ${LATENCY_BINS_MS.length}::int) i)
    from ${recordset(attempts)}
      as v(webhook_id text, started_at timestamptz, success boolean, bin int)
    group by webhook_id, date_trunc('hour', started_at, 'UTC')
    order by webhook_id, date_trunc('hour', started_at, 'UTC')
    on conflict (webhook_id, hour) do update set
      successes = b.successes + excluded.successes,
      failures = b.failures + excluded.failures,
      latency = (select array_agg(x + y order by n)
                 from unnest(b.latency, excluded.latency) with ordinality as u(x, y, n))`);
}
