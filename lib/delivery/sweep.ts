import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { anyOverdue, dueEvent } from "./due";
import type { SendEvents } from "@/lib/messages/operations";

/**
 * A message never attempted this long after it was stored lost its hand-over (the default of
 * HOOKYARD_SWEEP_AFTER_SECONDS).
 */
export const STUCK_CREATED_MS = 5 * 60_000;

/**
 * Nothing accepted is lost. Every minute: messages whose hand-over to the delivery functions
 * failed (the events API stores first, then enqueues) become due now, and when any message is
 * overdue (its drain's event was lost, or the process holding it died), a drain is asked
 * for (lib/delivery/due.ts). Returns how many messages it found stuck, and whether it asked.
 */
export async function sweepStuckMessages(
  db: Executor,
  send: SendEvents,
  now: Date = new Date(),
  limit = 5_000,
  stuckCreatedMs = STUCK_CREATED_MS,
): Promise<{ stuck: number; drained: boolean }> {
  const created = new Date(now.getTime() - stuckCreatedMs).toISOString();
  const { rowCount } = await db.execute(sql`
    update messages m set next_attempt_at = ${now.toISOString()}::timestamptz
    where m.id in (
      select id from messages
      where status = 'created' and attempts = 0 and next_attempt_at is null
        and created_at < ${created}::timestamptz
        -- Its first attempt is out (lib/delivery/due.ts, claimMessages): not lost.
        and (claimed_until is null or claimed_until < now())
      order by created_at
      limit ${limit}
      for update skip locked)`);
  const stuck = rowCount ?? 0;
  const drained = stuck > 0 || (await anyOverdue(db, now));
  if (drained) await send([dueEvent(null)]);
  return { stuck, drained };
}
