import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { auditLog } from "@/db/schema";

export function listAuditForEntity(db: Executor, entityType: string, entityId: string, limit = 50) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
