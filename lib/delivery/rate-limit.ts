import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import type { Message, Webhook } from "@/db/schema";

/**
 * Per-webhook rate limits (Svix's and Convoy's "rate limit"): at most `rateLimitPerSecond`
 * deliveries of a webhook begin in any one second, across every process. Each delivery takes
 * a turn — a second and a place in it — from the webhook's row in `webhook_rate_turns`, in
 * one statement that hands out turns in order; a message whose turn lies in a later second
 * waits in the database until then (`waiting_for = 'rate_limit'`, shown in the Logs), holding
 * its turn, so later messages queue behind it. Waiting is not an attempt: nothing is counted
 * as a failure. A message that comes back after its second has passed (its drain was late)
 * takes a new turn, so a late drain never adds to a later second's share.
 *
 * Webhooks without a limit never reach this file.
 */

export const rateLimitReason = (limit: number) =>
  `Waiting for the rate limit (${limit.toLocaleString("en-US")} per second)`;

/**
 * Takes `count` turns of a webhook's limit, in order: the second (Unix seconds) of each,
 * from `nowSecond` on.
 */
export async function takeTurns(
  db: Executor,
  webhookId: string,
  limit: number,
  count: number,
  nowSecond: number,
): Promise<number[]> {
  if (count <= 0) return [];
  // Positions count turns from the start of `nowSecond`: position p is second
  // nowSecond + floor(p / limit). The row keeps the next free one as (second, taken).
  const { rows } = await db.execute<{ second: string | number; taken: number }>(sql`
    insert into webhook_rate_turns as r (webhook_id, second, taken)
    values (${webhookId}, ${nowSecond} + (${count}::int - 1) / ${limit}::int,
            ${count}::int - ((${count}::int - 1) / ${limit}::int) * ${limit}::int)
    on conflict (webhook_id) do update set
      second = greatest(r.second, ${nowSecond}::bigint)
        + ((case when r.second >= ${nowSecond} then r.taken else 0 end) + ${count}::int - 1)
          / ${limit}::int,
      taken = ((case when r.second >= ${nowSecond} then r.taken else 0 end) + ${count}::int)
        - (((case when r.second >= ${nowSecond} then r.taken else 0 end) + ${count}::int - 1)
          / ${limit}::int) * ${limit}::int
    returning second, taken`);
  const row = rows[0]!;
  const end = (Number(row.second) - nowSecond) * limit + row.taken;
  return Array.from({ length: count }, (_, i) => nowSecond + Math.floor((end - count + i) / limit));
}

export interface Turns<T> {
  /** Messages whose turn is now: they go. */
  now: T[];
  /** Messages whose turn is in a later second: they wait until its start. */
  later: { item: T; until: Date; reason: string }[];
}

/**
 * Splits messages ready to go into those whose webhook's limit lets them go now and those
 * that wait their turn. A message back at the second of the turn it holds goes at once.
 */
export async function takeRateLimitTurns<T extends { message: Message; webhook: Webhook }>(
  db: Executor,
  ready: T[],
  nowMs: number,
): Promise<Turns<T>> {
  const nowSecond = Math.floor(nowMs / 1000);
  const result: Turns<T> = { now: [], later: [] };
  const queues = new Map<string, T[]>();
  for (const entry of ready) {
    const { message, webhook } = entry;
    const limit = webhook.rateLimitPerSecond;
    // The second of the turn the message holds, if it waited for one.
    const turn =
      message.waitingFor === "rate_limit" && message.nextAttemptAt
        ? Math.floor(message.nextAttemptAt.getTime() / 1000)
        : null;
    if (!limit || turn === nowSecond) result.now.push(entry);
    else if (turn !== null && turn > nowSecond) {
      // Woken early: it keeps its turn.
      result.later.push({
        item: entry,
        until: message.nextAttemptAt!,
        reason: rateLimitReason(limit),
      });
    } else {
      const queue = queues.get(webhook.id);
      if (queue) queue.push(entry);
      else queues.set(webhook.id, [entry]);
    }
  }
  await Promise.all(
    [...queues.values()].map(async (queue) => {
      // Oldest first: turns are handed out in the order the messages were created.
      queue.sort(
        (a, b) =>
          a.message.createdAt.getTime() - b.message.createdAt.getTime() ||
          (a.message.id < b.message.id ? -1 : 1),
      );
      const limit = queue[0]!.webhook.rateLimitPerSecond!;
      const seconds = await takeTurns(db, queue[0]!.webhook.id, limit, queue.length, nowSecond);
      queue.forEach((entry, i) => {
        if (seconds[i] === nowSecond) result.now.push(entry);
        else {
          result.later.push({
            item: entry,
            until: new Date(seconds[i]! * 1000),
            reason: rateLimitReason(limit),
          });
        }
      });
    }),
  );
  return result;
}
