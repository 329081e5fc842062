import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { groupCommit } from "@/lib/util/group-commit";
import type { SendEvents } from "@/lib/messages/operations";

/**
 * A message waiting for its next attempt is a row, not a run: `messages.next_attempt_at` says
 * when it is due. The event `hookyard/retries.due` asks for a drain at a time; its run
 * (inngest/functions/retry-due.ts) sleeps until then and claims every message due by then,
 * in batches, whatever its webhook. Retries and hand-backs thus cost the executor one run per
 * second of due times, not one per message, and a paused or disabled webhook's backlog costs
 * it nothing.
 *
 * A claimed message is leased (`claimed_until`) for as long as its request may take, so no
 * other drain takes it meanwhile; writing its outcome ends the lease. A lease that ran out
 * (its process died) makes the message due again, and the sweeper asks for a drain of every
 * message overdue by more than OVERDUE_MS, so a lost event or a crash delays a retry by a
 * minute or two and loses nothing.
 */

export const RETRIES_DUE = "hookyard/retries.due";
/** Messages one step claims and attempts. */
export const DUE_BATCH = 500;
/** Past this, a due message lost its drain: the sweeper asks for one. */
export const OVERDUE_MS = 30_000;
/** A claim outlives its request's longest time (connect, then response, twice) by this. */
const LEASE_MARGIN_SECONDS = 30;

/** Clocks of the processes and of Postgres may differ by this much. */
const BUCKET_MARGIN_MS = 500;

export interface DueEvent {
  id?: string;
  name: typeof RETRIES_DUE;
  /** `wake`: first makes the messages parked for this webhook (or "all") due (makeWaitingDue). */
  data: { at: string | null; force: string[]; wake?: string };
}

/**
 * Due times are rounded up to a bucket, so the messages due within one second (a minute, far
 * ahead) share one event, and the event's id makes every sender of that bucket send the same
 * event (the executor keeps one). That is safe while the bucket is still ahead: its run claims
 * at or after the bucket's time, and sees every row written before. A bucket about to start
 * (within BUCKET_MARGIN_MS) gets no id: its run may already have claimed, and a new one must run.
 */
export function dueEvent(at: Date | null, force: string[] = [], now = Date.now()): DueEvent {
  if (!at || at.getTime() <= now) return { name: RETRIES_DUE, data: { at: null, force } };
  const ahead = at.getTime() - now;
  const grain = ahead < 60_000 ? 1_000 : ahead < 10 * 60_000 ? 5_000 : 60_000;
  const bucket = Math.ceil(at.getTime() / grain) * grain;
  return {
    ...(bucket - now > BUCKET_MARGIN_MS && !force.length ? { id: `retries-due-${bucket}` } : {}),
    name: RETRIES_DUE,
    data: { at: new Date(bucket).toISOString(), force },
  };
}

/**
 * Asks for drains at the given times, once per bucket per process (and once overall, by the
 * events' ids). Failures are left to the sweeper: the rows are written, only the wake-up is
 * late.
 */
export function dueScheduler(send: SendEvents) {
  /** Buckets asked for by this process and not started yet, by their time. */
  const asked = new Set<string>();
  const ask = groupCommit(async (times: number[]) => {
    const now = Date.now();
    for (const at of asked) if (Date.parse(at) < now) asked.delete(at);
    // One event per bucket: a drain asked for earlier and still ahead claims these rows too,
    // written before its time; a bucket due already gets a drain of its own.
    const events = new Map<string, DueEvent>();
    for (const at of times) {
      const event = dueEvent(new Date(at), [], now);
      const bucket = event.data.at ?? "now";
      if (asked.has(bucket) || events.has(bucket)) continue;
      events.set(bucket, event);
    }
    if (!events.size) return;
    await send([...events.values()]);
    for (const bucket of events.keys()) if (bucket !== "now") asked.add(bucket);
  }, 1_000);
  return (times: Date[]) =>
    times.length ? ask(times.map((t) => t.getTime())).catch(() => undefined) : Promise.resolve();
}

/** A claim's end, for a message `m` of webhook `w`: its longest request, and the margin. */
const leaseEnd = sql`now() + make_interval(
  secs => (w.connect_timeout_ms + 2 * w.response_timeout_ms) / 1000.0 + ${LEASE_MARGIN_SECONDS})`;

/**
 * Claims up to `limit` messages due by `by` (or now, whichever is later): oldest due first,
 * skipping rows other drains hold, each leased for its webhook's longest request.
 */
export async function claimDueMessages(
  db: Executor,
  limit = DUE_BATCH,
  by: Date | null = null,
): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    with due as (
      select id from messages
      where status in ('created', 'retrying')
        and next_attempt_at <= greatest(now(), ${by?.toISOString() ?? null}::timestamptz)
        and (claimed_until is null or claimed_until < now())
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update messages m set claimed_until = ${leaseEnd}
    from due, webhooks w
    where m.id = due.id and w.id = m.webhook_id
    returning m.id`);
  return rows.map((r) => r.id);
}

/**
 * A first attempt's claim (inngest/functions/first-attempts.ts): of the messages `ids`, those
 * still to attempt — Created or Retrying, held by no one, due (a second early at most) or
 * never handed to a drain — leased as a drain leases them. Until the attempt is written, no
 * drain takes them, though the sweeper made them due (their first attempt outlasted
 * HOOKYARD_SWEEP_AFTER_SECONDS) or the same hand-over runs again; a lease that runs out (the
 * process died) lets a drain attempt them again. Returns the ids claimed.
 */
export async function claimMessages(db: Executor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  // Not skip locked: a row another claim is writing is read again once that commits (and
  // left alone if it was claimed). In id order, so that two claims of one batch never deadlock.
  const { rows } = await db.execute<{ id: string }>(sql`
    with free as (
      select id from messages
      where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
        and status in ('created', 'retrying')
        and (claimed_until is null or claimed_until < now())
        and (next_attempt_at is null or next_attempt_at <= now() + interval '1 second')
      order by id
      for update
    )
    update messages m set claimed_until = ${leaseEnd}
    from free, webhooks w
    where m.id = free.id and w.id = m.webhook_id
    returning m.id`);
  return new Set(rows.map((r) => r.id));
}

/** Rows one statement of makeWaitingDue updates. */
const WAKE_CHUNK = 10_000;

/**
 * Makes the messages parked by a disabled webhook (`webhookId`) or by paused deliveries
 * (null) due now, once it is enabled again or deliveries resume. Messages waiting for a retry
 * keep their time. In chunks, so a large backlog never holds one long statement.
 */
export async function makeWaitingDue(db: Executor, webhookId: string | null) {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.execute(sql`
      update messages set next_attempt_at = now(), waiting_for = null, waiting_reason = null
      where id in (
        select id from messages
        where status in ('created', 'retrying')
          and ${webhookId ? sql`webhook_id = ${webhookId} and waiting_for is not null` : sql`waiting_for = 'resumed'`}
        limit ${WAKE_CHUNK}
        for update skip locked)`);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < WAKE_CHUNK) return total;
  }
}

/** Is any message overdue by more than OVERDUE_MS and not held by a drain? */
export async function anyOverdue(db: Executor, now: Date = new Date()) {
  const { rows } = await db.execute<{ overdue: boolean }>(sql`
    select exists (
      select 1 from messages
      where status in ('created', 'retrying')
        and next_attempt_at < ${new Date(now.getTime() - OVERDUE_MS).toISOString()}::timestamptz
        and (claimed_until is null or claimed_until < now())
    ) as overdue`);
  return rows[0]?.overdue ?? false;
}
