import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import type { Role } from "@/db/schema";
import { ALERT_FAMILY, ALERT_EVENT_TYPES, alertDetail, alertTitle } from "./types";

/** Unread counts stop here: the bell says "99+". */
export const UNREAD_CAP = 100;
export const ALERTS_PAGE_SIZE = 50;

export interface AlertView {
  id: string;
  type: string;
  webhookId: string | null;
  title: string;
  detail: string | null;
  count: number;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  /** For the person asking: not read since it last changed. */
  unread: boolean;
}

/**
 * Read, for `userId`: last changed by their "Mark all as read" (or, before one, by the
 * account's creation), or read one by one since it last changed.
 */
const readBy = (userId: string) => sql`(
  a.updated_at <= (select coalesce(u.alerts_read_until, u.created_at) from users u
                   where u.id = ${userId})
  or exists (select 1 from alert_reads r
             where r.user_id = ${userId} and r.alert_id = a.id and r.read_at >= a.updated_at))`;

/**
 * How many alerts `userId` has not read, up to UNREAD_CAP: on every console page, so bounded,
 * and a range of `alerts_updated_idx` past the last "Mark all as read".
 */
export async function countUnreadAlerts(db: Executor, userId: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select 1 from alerts a
      where a.updated_at > (select coalesce(u.alerts_read_until, u.created_at) from users u
                            where u.id = ${userId})
        and not ${readBy(userId)}
      limit ${UNREAD_CAP}) unread`);
  return rows[0]?.n ?? 0;
}

interface AlertRow extends Record<string, unknown> {
  id: string;
  type: string;
  webhook_id: string | null;
  data: Record<string, unknown>;
  count: number;
  created_at: Date;
  updated_at: Date;
  unread: boolean;
}

/** A page of alerts, last changed first; `older` is the cursor the previous page gave. */
export async function listAlerts(
  db: Executor,
  opts: { userId: string | null; unreadOnly?: boolean; older?: string | null; limit?: number },
): Promise<{ alerts: AlertView[]; older: string | null }> {
  const limit = opts.limit ?? ALERTS_PAGE_SIZE;
  const cursor = decodeCursor(opts.older);
  const read = opts.userId ? readBy(opts.userId) : sql`false`;
  const { rows } = await db.execute<AlertRow>(sql`
    select a.id, a.type, a.webhook_id, a.data, a.count, a.created_at, a.updated_at,
           not ${read} as unread
    from alerts a
    where true
      ${opts.unreadOnly ? sql`and not ${read}` : sql``}
      ${cursor ? sql`and (a.updated_at, a.id) < (${cursor.at}::timestamptz, ${cursor.id})` : sql``}
    order by a.updated_at desc, a.id desc
    limit ${limit + 1}`);
  const page = rows.slice(0, limit).map((row): AlertView => ({
    id: row.id,
    type: row.type,
    webhookId: row.webhook_id,
    title: alertTitle(row.type, row.data, row.count),
    detail: alertDetail(row.type, row.data),
    count: row.count,
    data: row.data,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    unread: row.unread,
  }));
  const last = page.at(-1);
  return {
    alerts: page,
    older: rows.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null,
  };
}

const encodeCursor = (at: Date, id: string) =>
  Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");

function decodeCursor(value: string | null | undefined): { at: string; id: string } | null {
  if (!value) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(value, "base64url").toString()) as unknown[];
    if (typeof at !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(at))) {
      return null;
    }
    return { at, id };
  } catch {
    return null;
  }
}

export const isAlertCursor = (value: string) => decodeCursor(value) !== null;

/**
 * Marks alerts read for one person: the given ones, or every one there is — then one
 * timestamp stands for them all, and the reads it covers go.
 */
export async function markAlertsRead(db: Executor, userId: string, ids: string[] | "all") {
  if (ids === "all") {
    await db.execute(sql`
      with mark as (
        update users set alerts_read_until = greatest(now(),
          (select max(updated_at) from alerts)) where id = ${userId}
        returning alerts_read_until)
      delete from alert_reads where user_id = ${userId}
        and read_at <= (select alerts_read_until from mark)`);
    return;
  }
  await db.execute(sql`
    insert into alert_reads (user_id, alert_id, read_at)
    select ${userId}, a.id, greatest(now(), a.updated_at) from alerts a
    where a.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
    on conflict (user_id, alert_id) do update set read_at = excluded.read_at`);
}

/** The webhooks that receive alerts: subscribed to `hookyard.*` or one of its types. */
export async function listOperationalWebhooks(db: Executor) {
  const types = [ALERT_FAMILY, ...ALERT_EVENT_TYPES.map((t) => t.name)];
  const { rows } = await db.execute<{
    id: string;
    name: string;
    url: string;
    enabled: boolean;
    event_types: string[];
  }>(sql`
    select id, name, url, enabled, event_types from webhooks
    where event_types && ${`{${types.join(",")}}`}::text[]
    order by created_at, id`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    url: r.url,
    enabled: r.enabled,
    eventTypes: r.event_types.filter((t) => types.includes(t)),
  }));
}

/** Who may read alerts: every role; they name webhooks, never their secrets. */
export const ALERTS_ROLE: Role = "viewer";
