import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import type { SendEvents } from "./message-actions";

/**
 * A message never attempted this long after it was stored lost its hand-over (the default of
 * HOOKYARD_SWEEP_AFTER_SECONDS).
 */
export const STUCK_CREATED_MS = 5 * 60_000;
/** A retrying message this far past its due time lost its run. */
export const STUCK_RETRYING_MS = 60 * 60_000;
/** A swept message is not swept again before this, whatever happens to its new run. */
const RECLAIM_AFTER = "30 minutes";

/**
 * Nothing accepted is lost: messages whose hand-over to the delivery functions failed (the
 * events API stores first, then enqueues) or whose run was lost are found here and given a
 * new run. Claims use SKIP LOCKED, so two sweepers never take the same message.
 */
export async function sweepStuckMessages(
  db: Executor,
  send: SendEvents,
  now: Date = new Date(),
  limit = 500,
  stuckCreatedMs = STUCK_CREATED_MS,
): Promise<number> {
  const created = new Date(now.getTime() - stuckCreatedMs).toISOString();
  const retrying = new Date(now.getTime() - STUCK_RETRYING_MS).toISOString();
  const { rows } = await db.execute<{ id: string; webhook_id: string; round: number }>(sql`
    update messages m set next_attempt_at = ${now.toISOString()}::timestamptz + ${RECLAIM_AFTER}::interval
    where m.id in (
      select id from messages
      where (status = 'created' and attempts = 0 and next_attempt_at is null
             and created_at < ${created}::timestamptz)
         or (status in ('created', 'retrying') and next_attempt_at < ${retrying}::timestamptz)
      order by created_at
      limit ${limit}
      for update skip locked)
    returning m.id, m.webhook_id, m.round`);
  if (rows.length) {
    await send(
      rows.map((r) => ({
        name: "hookyard/message.scheduled",
        data: { messageId: r.id, webhookId: r.webhook_id, round: r.round, at: null },
      })),
    );
  }
  return rows.length;
}
