import { and, desc, eq, gt, ilike, lt, or, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { auditLog, type AuditEntityType } from "@/db/schema";
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
  return { rows: page, olderCursor: more ? page.at(-1)!.id : null };
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>["rows"][number];
