import { and, asc, desc, eq, ilike, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { auditLog, events, webhookStats, webhooks, users } from "@/db/schema";
import { EVERY_PRODUCT, PAGE_SIZES, WEBHOOK_STATUSES, type WebhookSort } from "./search-params";

export interface WebhookListParams {
  page: number;
  perPage: number;
  sort: WebhookSort;
  q: string;
  status: (typeof WEBHOOK_STATUSES)[number];
  eventType: string;
  /** A product id: the webhooks scoped to it; `EVERY_PRODUCT`: those without a product. */
  product: string;
}

const SORT_COLUMNS = {
  createdAt: webhooks.createdAt,
  updatedAt: webhooks.updatedAt,
  name: sql`lower(${webhooks.name})`,
  url: webhooks.url,
} as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The columns the list shows: never the secret. */
const listColumns = {
  id: webhooks.id,
  name: webhooks.name,
  description: webhooks.description,
  url: webhooks.url,
  method: webhooks.method,
  eventTypes: webhooks.eventTypes,
  product: webhooks.product,
  enabled: webhooks.enabled,
  disabledReason: webhooks.disabledReason,
  createdAt: webhooks.createdAt,
  updatedAt: webhooks.updatedAt,
  // Delivery health, as each attempt leaves it (lib/delivery/record-attempts.ts); the count
  // of failures since the last success is the statistics' counter, as the Overview shows it.
  lastSuccessAt: webhooks.lastSuccessAt,
  lastFailureAt: webhooks.lastFailureAt,
  failingSince: webhooks.failingSince,
  failuresSinceSuccess: webhookStats.failuresSinceSuccess,
};

export type WebhookFilters = Pick<WebhookListParams, "q" | "status" | "eventType"> &
  Partial<Pick<WebhookListParams, "product">>;

function webhookWhere(params: WebhookFilters): SQL | undefined {
  const filters: SQL[] = [];
  const q = params.q.trim().slice(0, 200);
  if (q) {
    const like = `%${escapeLike(q)}%`;
    filters.push(
      or(
        ilike(webhooks.name, like),
        ilike(webhooks.url, like),
        ilike(webhooks.id, like),
        ilike(webhooks.description, like),
      )!,
    );
  }
  if (params.status === "enabled") filters.push(eq(webhooks.enabled, true));
  if (params.status === "disabled") filters.push(eq(webhooks.enabled, false));
  if (params.eventType) {
    // A webhook subscribed to `application.*` receives `application.created` too.
    const family = params.eventType.includes(".")
      ? `${params.eventType.split(".")[0]}.*`
      : params.eventType;
    filters.push(sql`${webhooks.eventTypes} && ARRAY[${params.eventType}, ${family}]::text[]`);
  }
  if (params.product === EVERY_PRODUCT) filters.push(isNull(webhooks.product));
  else if (params.product) filters.push(eq(webhooks.product, params.product));
  return filters.length ? and(...filters) : undefined;
}

/** Matching webhooks in `sort` order from `offset`, and how many match in all. */
export async function queryWebhooks(
  db: Executor,
  filters: WebhookFilters,
  sort: WebhookSort,
  limit: number,
  offset: number,
) {
  const where = webhookWhere(filters);
  const [column, direction] = sort.split(".") as [keyof typeof SORT_COLUMNS, "asc" | "desc"];
  const order = direction === "asc" ? asc : desc;
  const [rows, [counted]] = await Promise.all([
    db
      .select(listColumns)
      .from(webhooks)
      .leftJoin(webhookStats, eq(webhookStats.webhookId, webhooks.id))
      .where(where)
      .orderBy(order(SORT_COLUMNS[column]), order(webhooks.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(webhooks)
      .where(where),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

export async function listWebhooks(db: Executor, params: WebhookListParams) {
  const perPage = (PAGE_SIZES as readonly number[]).includes(params.perPage) ? params.perPage : 20;
  const page = Math.max(1, Math.min(params.page, 100_000));
  const { rows, total } = await queryWebhooks(
    db,
    params,
    params.sort,
    perPage,
    (page - 1) * perPage,
  );
  return { rows, total, page, perPage, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

export async function getWebhook(db: Executor, id: string) {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id)).limit(1);
  return row ?? null;
}

/**
 * The webhook with who created and last changed it, as the audit log names them: a user's
 * email, `API key "…"`, or Hookyard itself (an automatic disable). Where the audit log no
 * longer has the entry (retention), the user's email, if the user still exists.
 */
export async function getWebhookWithPeople(db: Executor, id: string) {
  const webhook = await getWebhook(db, id);
  if (!webhook) return null;
  const ids = [webhook.createdBy, webhook.updatedBy].filter((v): v is string => !!v);
  const [people, [created], [changed]] = await Promise.all([
    ids.length
      ? db
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(sql`${users.id} in ${ids}`)
      : [],
    db
      .select({ label: auditLog.actorLabel })
      .from(auditLog)
      .where(webhookEntries(id, eq(auditLog.action, "created")))
      .orderBy(asc(auditLog.id))
      .limit(1),
    // A reveal of the secret reads it; everything else the log holds for a webhook changed it.
    db
      .select({ label: auditLog.actorLabel })
      .from(auditLog)
      .where(webhookEntries(id, ne(auditLog.action, "secret.revealed")))
      .orderBy(desc(auditLog.id))
      .limit(1),
  ]);
  const email = (uid: string | null) => people.find((p) => p.id === uid)?.email ?? null;
  const createdByLabel = created?.label ?? email(webhook.createdBy);
  return {
    ...webhook,
    createdByLabel,
    updatedByLabel: changed?.label ?? email(webhook.updatedBy) ?? createdByLabel,
  };
}

const webhookEntries = (id: string, action: SQL) =>
  and(eq(auditLog.entityType, "webhook"), eq(auditLog.entityId, id), action);

/** Every webhook's id and name, by name: the choices of a filter by webhook. */
export async function listWebhookChoices(db: Executor) {
  return db.select({ id: webhooks.id, name: webhooks.name }).from(webhooks).orderBy(webhooks.name);
}

/** The products webhooks are limited to: the choices of the webhooks list's Product filter. */
export async function listWebhookProducts(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ product: webhooks.product })
    .from(webhooks)
    .where(isNotNull(webhooks.product))
    .orderBy(webhooks.product)
    .limit(200);
  return rows.map((r) => r.product).filter((p): p is string => !!p);
}

/**
 * The products seen so far, for the wizard's Product step: those of webhooks, and those of
 * the latest published events (the newest 10,000, so a long history is not scanned).
 */
export async function listKnownProducts(db: Executor): Promise<string[]> {
  const { rows } = await db.execute<{ product: string }>(sql`
    select product from (
      select ${webhooks.product} as product from ${webhooks} where ${webhooks.product} is not null
      union
      select product from (
        select ${events.product} as product from ${events}
        order by ${events.createdAt} desc limit 10000
      ) recent where product is not null
    ) known
    order by product
    limit 200`);
  return rows.map((r) => r.product).filter(Boolean);
}

export type WebhookListRow = Awaited<ReturnType<typeof listWebhooks>>["rows"][number];
