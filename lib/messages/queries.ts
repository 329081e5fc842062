import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { attempts, events, messages, webhooks, type MessageStatus } from "@/db/schema";
import { MESSAGE_ID_RE } from "./schemas";
import type { TimeRange } from "./search-params";

export interface MessageFilters {
  webhookId?: string;
  status?: MessageStatus | "all";
  eventType?: string;
  range?: TimeRange;
  /** A message id or an event id, exactly. */
  q?: string;
  /** Created at or after / before these instants (the REST API's recover and delete). */
  since?: Date;
  until?: Date;
}

export const MESSAGE_PAGE_SIZE = 50;
/** Counted exactly up to here; beyond, estimated ("about 52,000"). */
export const COUNT_CAP = 1_000;

const RANGE_MS: Record<Exclude<TimeRange, "all">, number> = {
  "1h": 3600_000,
  "24h": 24 * 3600_000,
  "7d": 7 * 24 * 3600_000,
  "30d": 30 * 24 * 3600_000,
};

interface Cursor {
  createdAt: Date;
  id: string;
}

export const encodeCursor = (c: { createdAt: Date; id: string }) =>
  Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");

/** A cursor from the URL, or null when it is not one of ours. */
export function decodeCursor(text: string): Cursor | null {
  if (!text) return null;
  const [at, id] = Buffer.from(text, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !MESSAGE_ID_RE.test(id) || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

export function whereOf(filters: MessageFilters, now: Date): SQL | undefined {
  const parts: SQL[] = [];
  if (filters.webhookId) parts.push(eq(messages.webhookId, filters.webhookId));
  if (filters.status && filters.status !== "all") parts.push(eq(messages.status, filters.status));
  if (filters.eventType) parts.push(eq(messages.eventType, filters.eventType));
  if (filters.range && filters.range !== "all") {
    parts.push(gt(messages.createdAt, new Date(now.getTime() - RANGE_MS[filters.range])));
  }
  if (filters.since) parts.push(gte(messages.createdAt, filters.since));
  if (filters.until) parts.push(lt(messages.createdAt, filters.until));
  const q = filters.q?.trim();
  if (q) parts.push(q.startsWith("evt_") ? eq(messages.eventId, q) : eq(messages.id, q));
  return parts.length ? and(...parts) : undefined;
}

const rowColumns = {
  id: messages.id,
  webhookId: messages.webhookId,
  webhookName: webhooks.name,
  eventId: messages.eventId,
  eventType: messages.eventType,
  kind: messages.kind,
  status: messages.status,
  attempts: messages.attempts,
  lastResponseStatus: messages.lastResponseStatus,
  lastError: messages.lastError,
  nextAttemptAt: messages.nextAttemptAt,
  waitingReason: messages.waitingReason,
  createdAt: messages.createdAt,
};

export type MessageRow = Awaited<ReturnType<typeof listMessages>>["rows"][number];

/**
 * A page of messages, newest first, by keyset on (created_at, id): `older` continues after
 * a row, `newer` goes back before one. Never OFFSET, so a page deep in the list costs what
 * the first one does.
 */
export async function listMessages(
  db: Executor,
  filters: MessageFilters,
  page: { older?: string; newer?: string } = {},
  now: Date = new Date(),
  limit = MESSAGE_PAGE_SIZE,
) {
  const older = decodeCursor(page.older ?? "");
  const newer = older ? null : decodeCursor(page.newer ?? "");
  const conditions = [whereOf(filters, now)];
  if (older) {
    // A row comparison, which Postgres turns into one index range on (created_at, id).
    conditions.push(
      sql`(${messages.createdAt}, ${messages.id}) < (${older.createdAt.toISOString()}::timestamptz, ${older.id})`,
    );
  }
  if (newer) {
    conditions.push(
      sql`(${messages.createdAt}, ${messages.id}) > (${newer.createdAt.toISOString()}::timestamptz, ${newer.id})`,
    );
  }
  const order = newer
    ? [asc(messages.createdAt), asc(messages.id)]
    : [desc(messages.createdAt), desc(messages.id)];
  const fetched = await db
    .select(rowColumns)
    .from(messages)
    .innerJoin(webhooks, eq(webhooks.id, messages.webhookId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(limit + 1);
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  if (newer) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    /** Cursors for the neighbouring pages; null where there is none. */
    newerCursor: first && (older || (newer && more)) ? encodeCursor(first) : null,
    olderCursor: last && (newer || more) ? encodeCursor(last) : null,
  };
}

/**
 * How many messages match: exact up to COUNT_CAP, beyond that the planner's estimate — an
 * exact count of millions would scan millions of rows on every refresh of the page.
 */
export async function countMessages(db: Executor, filters: MessageFilters, now = new Date()) {
  const where = whereOf(filters, now);
  const filter = where ? sql`where ${where}` : sql``;
  const [row] = await db
    .execute<{ n: number }>(
      sql`select count(*)::int as n from (select 1 from ${messages} ${filter} limit ${COUNT_CAP + 1}) capped`,
    )
    .then((r) => r.rows);
  const n = row?.n ?? 0;
  if (n <= COUNT_CAP) return { count: n, capped: false };
  const [plan] = await db
    .execute<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(
      sql`explain (format json) select 1 from ${messages} ${filter}`,
    )
    .then((r) => r.rows);
  const estimate = Math.round(plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
  return { count: Math.max(estimate, COUNT_CAP), capped: true };
}

/** A message with its webhook's name, its event and every attempt, newest attempt last. */
export async function getMessageDetail(db: Executor, id: string) {
  const [row] = await db
    .select({ message: messages, webhookName: webhooks.name, event: events })
    .from(messages)
    .innerJoin(webhooks, eq(webhooks.id, messages.webhookId))
    .leftJoin(events, eq(events.id, messages.eventId))
    .where(eq(messages.id, id));
  if (!row) return null;
  const list = await db
    .select()
    .from(attempts)
    .where(eq(attempts.messageId, id))
    .orderBy(asc(attempts.number));
  return { ...row, attempts: list };
}

/** An event with the messages it was fanned out to. */
export async function getEventWithMessages(db: Executor, id: string) {
  const [event] = await db.select().from(events).where(eq(events.id, id));
  if (!event) return null;
  const list = await db
    .select({
      id: messages.id,
      webhookId: messages.webhookId,
      status: messages.status,
      attempts: messages.attempts,
    })
    .from(messages)
    .where(eq(messages.eventId, id))
    .orderBy(asc(messages.webhookId));
  return { ...event, messages: list };
}
