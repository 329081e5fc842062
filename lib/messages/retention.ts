import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { retentionDays } from "@/lib/settings/settings";

/** Rows removed per statement: short transactions, so readers and writers never wait long. */
const BATCH = 5000;

/**
 * Removes finished messages (their attempts go with them), events and alerts older than the
 * retention age, a batch at a time, until none is left or `budgetMs` is spent. Returns what
 * it removed and whether more remains. Pending messages are never removed.
 */
export async function pruneOldMessages(
  db: Executor,
  now: Date = new Date(),
  budgetMs = 30_000,
): Promise<{ messages: number; events: number; more: boolean }> {
  const cutoff = new Date(now.getTime() - (await retentionDays(db)) * 24 * 3600_000).toISOString();
  const started = Date.now();
  let removedMessages = 0;
  let removedEvents = 0;
  for (;;) {
    const { rowCount } = await db.execute(sql`
      delete from messages where id in (
        select id from messages
        where created_at < ${cutoff}::timestamptz and status in ('success', 'failed', 'cancelled')
        order by created_at
        limit ${BATCH}
        for update skip locked)`);
    removedMessages += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
    if (Date.now() - started >= budgetMs)
      return { messages: removedMessages, events: 0, more: true };
  }
  for (;;) {
    const { rowCount } = await db.execute(sql`
      delete from events where id in (
        select e.id from events e
        where e.created_at < ${cutoff}::timestamptz
          and not exists (select 1 from messages m where m.event_id = e.id)
        order by e.created_at
        limit ${BATCH}
        for update skip locked)`);
    removedEvents += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
    if (Date.now() - started >= budgetMs) {
      return { messages: removedMessages, events: removedEvents, more: true };
    }
  }
  // Hourly statistics buckets are kept for the 30-day charts (with a margin); totals stay.
  await db.execute(sql`delete from webhook_stat_buckets where hour < now() - interval '35 days'`);
  // Alerts go at the same age (their reads with them); one whose event is still to be
  // published waits for it. Few rows: one statement.
  await db.execute(sql`
    delete from alerts where updated_at < ${cutoff}::timestamptz and event_pending is null`);
  return { messages: removedMessages, events: removedEvents, more: false };
}
