import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { LATENCY_BINS_MS } from "@/db/schema";

/** The 1-based histogram bin of a duration. */
export const latencyBin = (ms: number) => LATENCY_BINS_MS.findIndex((bound) => ms <= bound) + 1;

/** Counts new messages for their webhooks (the Statistics tab's "Events" and "Last event"). */
export async function countNewMessages(db: Executor, webhookIds: string[], at: Date) {
  if (!webhookIds.length) return;
  await db.execute(sql`
    insert into webhook_stats (webhook_id, events, last_event_at)
    select id, count(*), ${at.toISOString()}::timestamptz
    from unnest(${sql.param(webhookIds)}::text[]) as t(id) group by id
    order by id
    on conflict (webhook_id) do update set
      events = webhook_stats.events + excluded.events,
      last_event_at = greatest(webhook_stats.last_event_at, excluded.last_event_at)`);
}

/** Counts one attempt: the totals, the failure streak, the last success or failure, the hour. */
export async function countAttempt(
  db: Executor,
  attempt: {
    webhookId: string;
    messageId: string;
    number: number;
    startedAt: Date;
    durationMs: number;
    success: boolean;
  },
) {
  const ok = attempt.success;
  const at = attempt.startedAt.toISOString();
  const bin = latencyBin(attempt.durationMs);
  await db.execute(sql`
    insert into webhook_stats as s (webhook_id, triggers, successes, failures, failures_since_success,
      last_success_at, last_success_message_id, last_success_attempt,
      last_failure_at, last_failure_message_id, last_failure_attempt)
    values (${attempt.webhookId}, 1, ${ok ? 1 : 0}, ${ok ? 0 : 1}, ${ok ? 0 : 1},
      ${ok ? at : null}::timestamptz, ${ok ? attempt.messageId : null}, ${ok ? attempt.number : null}::int,
      ${ok ? null : at}::timestamptz, ${ok ? null : attempt.messageId}, ${ok ? null : attempt.number}::int)
    on conflict (webhook_id) do update set
      triggers = s.triggers + 1,
      successes = s.successes + excluded.successes,
      failures = s.failures + excluded.failures,
      failures_since_success = case when ${ok} then 0 else s.failures_since_success + 1 end,
      last_success_at = coalesce(excluded.last_success_at, s.last_success_at),
      last_success_message_id = coalesce(excluded.last_success_message_id, s.last_success_message_id),
      last_success_attempt = coalesce(excluded.last_success_attempt, s.last_success_attempt),
      last_failure_at = coalesce(excluded.last_failure_at, s.last_failure_at),
      last_failure_message_id = coalesce(excluded.last_failure_message_id, s.last_failure_message_id),
      last_failure_attempt = coalesce(excluded.last_failure_attempt, s.last_failure_attempt)`);
  await db.execute(sql`
    insert into webhook_stat_buckets as b (webhook_id, hour, successes, failures, latency)
    values (${attempt.webhookId}, date_trunc('hour', ${at}::timestamptz), ${ok ? 1 : 0}, ${ok ? 0 : 1},
      (select array_agg(case when i = ${bin}::int then 1 else 0 end order by i)
       from generate_series(1, ${LATENCY_BINS_MS.length}::int) i))
    on conflict (webhook_id, hour) do update set
      successes = b.successes + excluded.successes,
      failures = b.failures + excluded.failures,
      latency[${bin}::int] = b.latency[${bin}::int] + 1`);
}
