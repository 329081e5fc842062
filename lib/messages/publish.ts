import { and, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { events, messages, webhooks } from "@/db/schema";
import { newEventId, newMessageId } from "./ids";
import { DELIVERY_WINDOW_MS } from "@/lib/delivery/policy";
import { inPublishSpan } from "@/lib/delivery/trace";
import { countPublished } from "@/lib/metrics/metrics";
import { checkFilter, filterContext, runFilter, withCustomData } from "@/lib/webhooks/filter";

export interface PublishInput {
  type: string;
  product?: string | null;
  payload: Record<string, unknown>;
  idempotencyKey?: string | null;
  source: "api" | "console" | "hookyard";
  /** The publisher's W3C trace context, if it sent one (lib/delivery/trace.ts). */
  traceparent?: string | null;
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
 * A new message id in SQL, as newMessageId() makes them (`msg_` and 22 URL-safe characters):
 * publishing makes one per subscribed webhook in the same statement that finds them.
 */
const MESSAGE_ID_SQL = sql.raw(
  `'msg_' || rtrim(translate(encode(uuid_send(gen_random_uuid()), 'base64'), '+/', '-_'), '=')`,
);

/** What the payload filters of the webhooks subscribed to an event decided. */
interface FilterDecisions {
  /** Filtered webhooks the event matched, with the filter as it was read. */
  matched: { id: string; filter: string }[];
  /** Those it did not match; `error` when the filter failed on it. */
  turnedAway: { id: string; error: string | null }[];
}

/**
 * Runs the payload filters of the webhooks subscribed to the event (lib/webhooks/filter.ts).
 * With no filtered webhook subscribed (the usual case) this is one indexed query.
 */
async function decideFilters(db: Executor, input: PublishInput): Promise<FilterDecisions> {
  const filtered = await db
    .select({ id: webhooks.id, filter: webhooks.filter, customData: webhooks.customData })
    .from(webhooks)
    .where(and(subscribedTo(input.type, input.product), isNotNull(webhooks.filter)));
  const decisions: FilterDecisions = { matched: [], turnedAway: [] };
  if (!filtered.length) return decisions;
  // The event's part of the context is converted once; custom data is each webhook's own.
  const shared = filterContext({
    type: input.type,
    product: input.product ?? null,
    data: input.payload,
    customData: null,
  });
  for (const { id, filter, customData } of filtered) {
    const checked = checkFilter(filter!);
    const outcome = checked.ok
      ? runFilter(checked.program, withCustomData(shared, customData))
      : { match: false as const, error: checked.error };
    if (outcome.match) decisions.matched.push({ id, filter: filter! });
    else decisions.turnedAway.push({ id, error: outcome.error });
  }
  return decisions;
}

/**
 * Stores an event and one message per subscribed enabled webhook whose payload filter, if it
 * has one, matches — in one statement (atomic, one round trip: publishing is the events API's
 * hot path), which also counts the events filters turned away: when this returns, nothing is
 * lost. A repeated idempotency key returns the first answer; publishers of the same key wait
 * for each other on its unique index. When spans are exported, this is `hookyard.publish`
 * (lib/delivery/trace.ts), and the messages carry its trace context.
 */
export async function publishEvent(
  db: Executor,
  input: PublishInput,
  now: Date = new Date(),
): Promise<Published> {
  return inPublishSpan(
    input.traceparent,
    {
      "hookyard.event.type": input.type,
      "hookyard.event.source": input.source,
      ...(input.product ? { "hookyard.product": input.product } : {}),
    },
    (traceparent) => storeEvent(db, input, traceparent, now),
    (published) => ({
      "hookyard.event.id": published.eventId,
      "hookyard.message.count": published.messageCount,
      "hookyard.event.replay": published.replay,
    }),
  );
}

async function storeEvent(
  db: Executor,
  input: PublishInput,
  traceparent: string,
  now: Date,
): Promise<Published> {
  const key = input.idempotencyKey ?? null;
  const { matched, turnedAway } = await decideFilters(db, input);
  // A filtered webhook receives the event when its filter, as read above, matched; one whose
  // filter changed meanwhile is decided by what was read (the event predates the change).
  const passes = matched.length
    ? sql`(${webhooks.filter} is null or (${webhooks.id}, ${webhooks.filter}) in
          (select id, filter from jsonb_to_recordset(${JSON.stringify(matched)}::jsonb)
             as m(id text, filter text)))`
    : isNull(webhooks.filter);
  const counted = turnedAway.length
    ? sql`, counted as (
        insert into webhook_filter_buckets as b
          (webhook_id, hour, unmatched, failed, last_error, last_error_at)
        select t.id, date_trunc('hour', ${now.toISOString()}::timestamptz),
          (t.error is null)::int, (t.error is not null)::int, t.error,
          case when t.error is not null then ${now.toISOString()}::timestamptz end
        from jsonb_to_recordset(${JSON.stringify(turnedAway)}::jsonb) as t(id text, error text)
        where exists (select 1 from event)
        order by t.id
        on conflict (webhook_id, hour) do update set
          unmatched = b.unmatched + excluded.unmatched,
          failed = b.failed + excluded.failed,
          last_error = coalesce(excluded.last_error, b.last_error),
          last_error_at = coalesce(excluded.last_error_at, b.last_error_at)
      )`
    : sql``;
  // A replay whose first event went away meanwhile (retention) is stored anew.
  for (let round = 1; ; round++) {
    const eventId = newEventId();
    const { rows } = await db.execute<{
      event_id: string | null;
      messages: [id: string, webhookId: string][] | null;
    }>(sql`
      with targets as (
        select ${webhooks.id} as id from ${webhooks}
        where ${subscribedTo(input.type, input.product)} and ${passes}
      ),
      event as (
        insert into events (id, type, product, payload, source, idempotency_key, message_count, created_at)
        values (${eventId}, ${input.type}, ${input.product ?? null},
                ${JSON.stringify(input.payload)}::jsonb, ${input.source}, ${key},
                (select count(*) from targets), ${now.toISOString()}::timestamptz)
        on conflict (idempotency_key) do nothing
        returning id, payload
      ),
      stored as (
        insert into messages (id, webhook_id, event_id, kind, event_type, payload, traceparent, created_at, deadline_at)
        select ${MESSAGE_ID_SQL}, t.id, event.id, 'event', ${input.type}, event.payload, ${traceparent},
          ${now.toISOString()}::timestamptz,
          ${new Date(now.getTime() + DELIVERY_WINDOW_MS).toISOString()}::timestamptz
        from targets t cross join event
        order by t.id -- rows are locked in id order by every writer
        returning id, webhook_id
      )${counted}
      select (select id from event) as event_id,
             (select json_agg(json_build_array(id, webhook_id)) from stored) as messages`);
    const [row] = rows;
    if (row?.event_id) {
      countPublished(input.source);
      const list = (row.messages ?? []).map(([id, webhookId]) => ({ id, webhookId }));
      return { eventId: row.event_id, messageCount: list.length, messages: list, replay: false };
    }
    // Nothing stored: the key belongs to an event stored before (or being stored: the unique
    // index made this statement wait for it).
    if (!key) throw new Error("The event was not stored");
    const [existing] = await db
      .select({ id: events.id, messageCount: events.messageCount })
      .from(events)
      .where(eq(events.idempotencyKey, key));
    if (existing) {
      return {
        eventId: existing.id,
        messageCount: existing.messageCount,
        messages: [],
        replay: true,
      };
    }
    if (round === 2) throw new Error("The event could not be stored (idempotency key conflict)");
  }
}

/**
 * A message to one webhook alone, not from a published event: Trigger Now's ping (`test`),
 * or an event type's example sent from the console (`manual`, in the events' envelope).
 */
export async function createDirectMessage(
  db: Executor,
  webhookId: string,
  kind: "test" | "manual",
  now: Date = new Date(),
  content?: { eventType: string; payload: Record<string, unknown> },
) {
  const payload = content?.payload ?? {
    type: "ping",
    epoch_timestamp: Math.floor(now.getTime() / 1000),
  };
  // A span of its own, so that its attempts' spans have their parent in the trace too.
  return inPublishSpan(
    null,
    { "hookyard.event.type": content?.eventType ?? "ping", "hookyard.event.source": kind },
    async (traceparent) => {
      const [row] = await db
        .insert(messages)
        .values({
          id: newMessageId(),
          webhookId,
          kind,
          eventType: content?.eventType ?? "ping",
          payload,
          traceparent,
          createdAt: now,
          deadlineAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
        })
        .returning({ id: messages.id, webhookId: messages.webhookId });
      return row!;
    },
    () => ({ "hookyard.message.count": 1 }),
  );
}
