import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { attempts, messages, webhooks, type Message } from "@/db/schema";
import { DomainError, notFound } from "@/lib/errors";
import { deliveriesPaused } from "@/lib/settings/settings";
import { DELIVERY_WINDOW_MS } from "@/lib/delivery/policy";
import { groupCommit } from "@/lib/util/group-commit";
import { DUE_BATCH, dueEvent, makeWaitingDue } from "@/lib/delivery/due";
import { createDirectMessage } from "./publish";

/** Drains a large backlog made due at once (a resume) asks for, running side by side. */
const MAX_PARALLEL_DRAINS = 4;
/** The second drain after a wake: for attempts that read the old state just before it. */
const WAKE_AGAIN_AFTER_MS = 15_000;

/** Sends Inngest events (the app passes `inngest.send`; tests pass their own client's). */
export type SendEvents = (
  events: { id?: string; name: string; data: Record<string, unknown> }[],
) => Promise<unknown>;

/** Messages in one `messages.created` event: one run's step output stays small. */
const HAND_OVER_BATCH = 250;

/**
 * Hands freshly stored messages to the delivery functions. Hand-overs made while one is
 * being sent go together in the next (lib/util/group-commit.ts): under load, one run
 * attempts the messages of many events at once.
 */
export function enqueueMessages(send: SendEvents, list: { id: string; webhookId: string }[]) {
  if (!list.length) return Promise.resolve();
  let handOver = handOvers.get(send);
  if (!handOver) {
    handOver = groupCommit(async (all: { id: string; webhookId: string }[]) => {
      const events = [];
      for (let i = 0; i < all.length; i += HAND_OVER_BATCH) {
        events.push({
          name: "hookyard/messages.created",
          data: {
            messages: all
              .slice(i, i + HAND_OVER_BATCH)
              .map((m) => ({ messageId: m.id, webhookId: m.webhookId })),
          },
        });
      }
      await send(events);
    }, HAND_OVER_BATCH);
    handOvers.set(send, handOver);
  }
  return handOver(list);
}

const handOvers = new WeakMap<
  SendEvents,
  (list: { id: string; webhookId: string }[]) => Promise<void>
>();

/**
 * Cancels the Created or Retrying messages `where` selects: no drain claims them again (a
 * request already in flight ends and is recorded, and the message stays Cancelled). Cancel on
 * one message and the bulk Cancel both come here.
 */
export async function cancelMessagesWhere(db: Executor, where: SQL) {
  return db
    .update(messages)
    .set({
      status: "cancelled",
      nextAttemptAt: null,
      waitingFor: null,
      waitingReason: null,
      finishedAt: new Date(),
    })
    .where(and(where, inArray(messages.status, ["created", "retrying"])))
    .returning({ id: messages.id, webhookId: messages.webhookId });
}

/**
 * Delivers the messages `where` selects again, each as a new round with a new 10-day
 * window, attempted at once. Retry on one finished message and the bulk Retry come here;
 * `force`: the operator asked for this one message, which passes the breaker.
 */
export async function redeliverMessagesWhere(
  db: Executor,
  send: SendEvents,
  where: SQL,
  force = false,
) {
  const now = new Date();
  const rows = await db
    .update(messages)
    .set({
      status: "retrying",
      round: sql`${messages.round} + 1`,
      deadlineAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
      nextAttemptAt: now,
      claimedUntil: null,
      waitingFor: null,
      waitingReason: null,
      finishedAt: null,
    })
    .where(where)
    .returning({ id: messages.id, webhookId: messages.webhookId, round: messages.round });
  if (rows.length) await send(drainsFor(rows.length, force ? rows.map((r) => r.id) : []));
  return rows;
}

/** Drains enough for `count` messages due now: a few in parallel for a large backlog. */
function drainsFor(count: number, force: string[] = []) {
  const drains = Math.min(MAX_PARALLEL_DRAINS, Math.ceil(count / DUE_BATCH));
  return Array.from({ length: Math.max(1, drains) }, (_, i) => dueEvent(null, i ? [] : force));
}

/** Cancel: a Created or Retrying message gets no more attempts. */
export async function cancelMessage(db: Executor, id: string) {
  const [row] = await cancelMessagesWhere(db, eq(messages.id, id));
  if (!row) {
    const [exists] = await db
      .select({ status: messages.status })
      .from(messages)
      .where(eq(messages.id, id));
    if (!exists) throw notFound("Message");
    throw new DomainError("conflict", `A ${exists.status} message cannot be cancelled`);
  }
}

/**
 * Retry: a Retrying message is attempted now; a Failed, Cancelled or Successful one is
 * delivered again, as a new round with a new 10-day window.
 */
export async function retryMessage(db: Executor, send: SendEvents, id: string) {
  const [message] = await db.select().from(messages).where(eq(messages.id, id));
  if (!message) throw notFound("Message");
  if (message.status === "retrying" || message.status === "created") {
    // Due now; one with a request in flight keeps its claim, and that attempt decides.
    await db
      .update(messages)
      .set({ nextAttemptAt: sql`now()`, waitingReason: null })
      .where(and(eq(messages.id, id), inArray(messages.status, ["created", "retrying"])));
    await send([dueEvent(null, [id])]);
    return { round: message.round, redelivered: false };
  }
  const [updated] = await redeliverMessagesWhere(
    db,
    send,
    and(eq(messages.id, id), eq(messages.status, message.status))!,
    true,
  );
  if (!updated) throw new DomainError("conflict", "The message changed meanwhile; try again");
  return { round: updated.round, redelivered: true };
}

/**
 * The messages parked by a webhook disabled (enabled again now), or by paused deliveries
 * (`webhookId` null: resumed now), become due and are drained. An attempt that read the old
 * state just before may still park one after this: the same wake runs once more a little
 * later, in a drain of its own.
 */
export async function wakeWaitingMessages(
  db: Executor,
  send: SendEvents,
  webhookId: string | null,
) {
  const count = await makeWaitingDue(db, webhookId);
  const again = dueEvent(new Date(Date.now() + WAKE_AGAIN_AFTER_MS));
  await send([
    ...drainsFor(count),
    { name: again.name, data: { ...again.data, wake: webhookId ?? "all" } },
  ]);
}

/**
 * Trigger Now: a Test ping to this webhook alone, waiting up to `waitMs` for its attempt.
 * While deliveries are paused the ping is stored and waits like every message, and the
 * answer says so at once (`paused`) instead of waiting for an attempt that cannot come.
 */
export async function triggerWebhook(
  db: Executor,
  send: SendEvents,
  webhookId: string,
  waitMs = 15_000,
): Promise<TriggerResult> {
  const [webhook] = await db
    .select({ enabled: webhooks.enabled })
    .from(webhooks)
    .where(eq(webhooks.id, webhookId));
  if (!webhook) throw notFound("Webhook");
  if (!webhook.enabled) {
    throw new DomainError("conflict", "The webhook is disabled; enable it to trigger it");
  }
  const message = await createDirectMessage(db, webhookId, "test");
  await enqueueMessages(send, [message]);
  const paused = await deliveriesPaused(db);
  const waiting = {
    messageId: message.id,
    status: "created" as const,
    lastResponseStatus: null,
    lastError: null,
    durationMs: null,
    paused,
  };
  if (paused) return waiting;
  const end = Date.now() + waitMs;
  for (;;) {
    const [row] = await db
      .select({
        status: messages.status,
        lastResponseStatus: messages.lastResponseStatus,
        lastError: messages.lastError,
        durationMs: sql<number | null>`(select ${attempts.durationMs} from ${attempts}
          where ${attempts.messageId} = ${message.id} order by ${attempts.number} desc limit 1)`,
      })
      .from(messages)
      .where(eq(messages.id, message.id));
    if (row && row.status !== "created") return { messageId: message.id, ...row, paused };
    if (Date.now() > end) return waiting;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What Trigger Now answers: the ping's message and its first attempt's outcome. */
export interface TriggerResult {
  messageId: string;
  status: Message["status"];
  lastResponseStatus: number | null;
  lastError: string | null;
  /** How long the attempt took; null while none was made. */
  durationMs: number | null;
  /** Deliveries are paused: the ping waits until they resume. */
  paused: boolean;
}
