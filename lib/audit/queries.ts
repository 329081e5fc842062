import { and, desc, eq, gt, ilike, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { apiKeys, auditLog, users, type AuditEntityType } from "@/db/schema";
import type { AuditRange } from "./search-params";

export function listAuditForEntity(
  db: Executor,
  entityType: AuditEntityType,
  entityId: string,
  limit = 50,
) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

export interface AuditFilters {
  /** Who: part of the actor's email or API key name. */
  actor: string;
  entityType: AuditEntityType | null;
  /** What: part of the action (`secret.revealed`) or the entity id (`WH-123-456-789`). */
  q: string;
  range: AuditRange;
}

export const AUDIT_PAGE_SIZE = 50;
const RANGE_MS: Record<Exclude<AuditRange, "all">, number> = {
  "24h": 24 * 3600_000,
  "7d": 7 * 24 * 3600_000,
  "30d": 30 * 24 * 3600_000,
};
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function auditWhere(filters: AuditFilters, now: Date): SQL | undefined {
  const parts: SQL[] = [];
  const actor = filters.actor.trim().slice(0, 200);
  if (actor) parts.push(ilike(auditLog.actorLabel, `%${escapeLike(actor)}%`));
  if (filters.entityType) parts.push(eq(auditLog.entityType, filters.entityType));
  const q = filters.q.trim().slice(0, 200);
  if (q) {
    const like = `%${escapeLike(q)}%`;
    parts.push(or(ilike(auditLog.action, like), ilike(auditLog.entityId, like))!);
  }
  if (filters.range !== "all") {
    parts.push(gt(auditLog.at, new Date(now.getTime() - RANGE_MS[filters.range])));
  }
  return parts.length ? and(...parts) : undefined;
}

/** The console-wide audit log, newest first, by keyset on the entry id (`older` than one). */
export async function listAudit(
  db: Executor,
  filters: AuditFilters,
  older: number | null,
  now = new Date(),
) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(auditWhere(filters, now), older ? lt(auditLog.id, older) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const labels = await entityLabels(db, page);
  return {
    rows: page.map((row) => ({
      ...row,
      /** A user's email or an API key's name, where the id alone says nothing. */
      entityLabel: labels.get(`${row.entityType}:${row.entityId}`) ?? null,
    })),
    olderCursor: more ? page.at(-1)!.id : null,
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The users' emails and the API keys' names behind the entries' entity ids. */
async function entityLabels(db: Executor, rows: { entityType: string; entityId: string }[]) {
  const idsOf = (type: string) => [
    ...new Set(
      rows.filter((r) => r.entityType === type && UUID_RE.test(r.entityId)).map((r) => r.entityId),
    ),
  ];
  const [people, keys] = await Promise.all([
    idsOf("user").length
      ? db
          .select({ id: users.id, label: users.email })
          .from(users)
          .where(inArray(users.id, idsOf("user")))
      : [],
    idsOf("api_key").length
      ? db
          .select({ id: apiKeys.id, label: apiKeys.name })
          .from(apiKeys)
          .where(inArray(apiKeys.id, idsOf("api_key")))
      : [],
  ]);
  return new Map<string, string>([
    ...people.map((p): [string, string] => [`user:${p.id}`, p.label]),
    ...keys.map((k): [string, string] => [`api_key:${k.id}`, `API key "${k.label}"`]),
  ]);
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>["rows"][number];
