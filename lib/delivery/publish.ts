import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { events, messages, webhooks } from "@/db/schema";
import { newEventId, newMessageId } from "./ids";
import { DELIVERY_WINDOW_MS } from "./policy";

export interface PublishInput {
  type: string;
  product?: string | null;
  payload: Record<string, unknown>;
  idempotencyKey?: string | null;
  source: "api" | "console";
}

export interface Published {
  eventId: string;
  messageCount: number;
  messages: { id: string; webhookId: string }[];
  /** True when the idempotency key was seen before: nothing new was stored. */
  replay: boolean;
}

/** Webhooks that receive an event: enabled, subscribed by name or family, product in scope. */
export function subscribedTo(type: string, product: string | null | undefined) {
  const family = type.includes(".") ? `${type.split(".")[0]}.*` : type;
  return and(
    eq(webhooks.enabled, true),
    sql`${webhooks.eventTypes} && ARRAY[${type}, ${family}]::text[]`,
    product
      ? or(isNull(webhooks.product), eq(webhooks.product, product))
      : isNull(webhooks.product),
  );
}

/**
 * Stores an event and one message per subscribed enabled webhook, in one transaction: when
 * this returns, nothing is lost. A repeated idempotency key returns the first answer.
 */
export async function publishEvent(
  db: Executor,
  input: PublishInput,
  now: Date = new Date(),
): Promise<Published> {
  return db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      // Serializes publishers of the same key, so the second one sees the first one's event.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${input.idempotencyKey}))`);
      const [existing] = await tx
        .select({ id: events.id, messageCount: events.messageCount })
        .from(events)
        .where(eq(events.idempotencyKey, input.idempotencyKey));
      if (existing) {
        return {
          eventId: existing.id,
          messageCount: existing.messageCount,
          messages: [],
          replay: true,
        };
      }
    }
    const targets = await tx
      .select({ id: webhooks.id })
      .from(webhooks)
      .where(subscribedTo(input.type, input.product))
      .orderBy(webhooks.id); // rows are locked in id order by every writer
    const eventId = newEventId();
    await tx.insert(events).values({
      id: eventId,
      type: input.type,
      product: input.product ?? null,
      payload: input.payload,
      source: input.source,
      idempotencyKey: input.idempotencyKey ?? null,
      messageCount: targets.length,
      createdAt: now,
    });
    const rows = targets.map((t) => ({ id: newMessageId(), webhookId: t.id }));
    // One statement, the payload sent once; nothing else is written (the counters read the
    // messages, lib/stats/record.ts).
    if (rows.length) {
      await tx.execute(sql`
        insert into messages (id, webhook_id, event_id, kind, event_type, payload, created_at, deadline_at)
        select t.id, t.webhook_id, ${eventId}, 'event', ${input.type}, ${JSON.stringify(input.payload)}::jsonb,
          ${now.toISOString()}::timestamptz, ${new Date(now.getTime() + DELIVERY_WINDOW_MS).toISOString()}::timestamptz
        from unnest(${sql.param(rows.map((r) => r.id))}::text[],
                    ${sql.param(rows.map((r) => r.webhookId))}::text[]) as t(id, webhook_id)`);
    }
    return {
      eventId,
      messageCount: rows.length,
      messages: rows,
      replay: false,
    };
  });
}

/** A message for one webhook alone: the Test ping or a manual Trigger Now. */
export async function createDirectMessage(
  db: Executor,
  webhookId: string,
  kind: "test" | "manual",
  now: Date = new Date(),
) {
  const payload = { type: "ping", epoch_timestamp: Math.floor(now.getTime() / 1000) };
  const [row] = await db
    .insert(messages)
    .values({
      id: newMessageId(),
      webhookId,
      kind,
      eventType: "ping",
      payload,
      createdAt: now,
      deadlineAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
    })
    .returning({ id: messages.id, webhookId: messages.webhookId });
  return row!;
}
