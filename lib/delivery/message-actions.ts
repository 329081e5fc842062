import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { messages, webhooks } from "@/db/schema";
import { DomainError, notFound } from "@/lib/errors";
import { DELIVERY_WINDOW_MS } from "./policy";
import { groupCommit } from "@/lib/util/group-commit";
import { createDirectMessage } from "./publish";

/** Sends Inngest events (the app passes `inngest.send`; tests pass their own client's). */
export type SendEvents = (
  events: { name: string; data: Record<string, unknown> }[],
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
 * Cancels the Created or Retrying messages `where` selects; their runs end before their
 * next step. Cancel on one message and the bulk Cancel both come here.
 */
export async function cancelMessagesWhere(db: Executor, send: SendEvents, where: SQL) {
  const rows = await db
    .update(messages)
    .set({ status: "cancelled", nextAttemptAt: null, finishedAt: new Date() })
    .where(and(where, inArray(messages.status, ["created", "retrying"])))
    .returning({ id: messages.id, webhookId: messages.webhookId });
  if (rows.length) {
    await send(
      rows.map((r) => ({
        name: "hookyard/message.cancelled",
        data: { messageId: r.id, webhookId: r.webhookId },
      })),
    );
  }
  return rows;
}

/**
 * Delivers the messages `where` selects again, each as a new round with a new 10-day
 * window, attempted at once. Retry on one finished message and the bulk Retry come here.
 */
export async function redeliverMessagesWhere(db: Executor, send: SendEvents, where: SQL) {
  const now = new Date();
  const rows = await db
    .update(messages)
    .set({
      status: "retrying",
      round: sql`${messages.round} + 1`,
      deadlineAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
      nextAttemptAt: now,
      finishedAt: null,
    })
    .where(where)
    .returning({ id: messages.id, webhookId: messages.webhookId, round: messages.round });
  if (rows.length) {
    await send(
      rows.map((r) => ({
        name: "hookyard/message.scheduled",
        data: { messageId: r.id, webhookId: r.webhookId, round: r.round, at: null },
      })),
    );
  }
  return rows;
}

/** Cancel: a Created or Retrying message stops; its run ends before its next step. */
export async function cancelMessage(db: Executor, send: SendEvents, id: string) {
  const [row] = await cancelMessagesWhere(db, send, eq(messages.id, id));
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
    await send([
      { name: "hookyard/message.wake", data: { messageId: id, webhookId: "", all: false } },
    ]);
    return { round: message.round, redelivered: false };
  }
  const [updated] = await redeliverMessagesWhere(
    db,
    send,
    and(eq(messages.id, id), eq(messages.status, message.status))!,
  );
  if (!updated) throw new DomainError("conflict", "The message changed meanwhile; try again");
  return { round: updated.round, redelivered: true };
}

/**
 * Wakes the waiting messages of a webhook enabled again, or of every webhook: now, and once
 * more a little later for runs that were between their check and their wait.
 */
export async function wakeWaitingMessages(send: SendEvents, webhookId: string | null) {
  const data = { messageId: "", webhookId: webhookId ?? "", all: webhookId === null };
  await send([
    { name: "hookyard/message.wake", data },
    { name: "hookyard/message.wake-again", data },
  ]);
}

/**
 * Trigger Now: the seed's ping to one webhook alone, delivered like any message (signed,
 * recorded, counted), waiting a little for the first attempt so the console can show it.
 */
export async function triggerWebhook(
  db: Executor,
  send: SendEvents,
  webhookId: string,
  waitMs = 15_000,
) {
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
  const end = Date.now() + waitMs;
  for (;;) {
    const [row] = await db
      .select({
        status: messages.status,
        lastResponseStatus: messages.lastResponseStatus,
        lastError: messages.lastError,
      })
      .from(messages)
      .where(eq(messages.id, message.id));
    if (row && row.status !== "created") return { messageId: message.id, ...row };
    if (Date.now() > end) {
      return {
        messageId: message.id,
        status: "created" as const,
        lastResponseStatus: null,
        lastError: null,
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
