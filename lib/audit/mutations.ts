import type { Executor } from "@/db";
import { auditLog, type AuditChanges, type AuditEntityType } from "@/db/schema";

export interface Actor {
  id: string | null;
  email: string;
}

export async function recordAudit(
  db: Executor,
  actor: Actor,
  entry: {
    entityType: AuditEntityType;
    entityId: string;
    action: string;
    changes?: AuditChanges;
  },
) {
  await db.insert(auditLog).values({
    actorId: actor.id,
    actorLabel: actor.email,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    changes: entry.changes ?? null,
  });
}

/** The fields whose values differ, with both values; `redact` lists fields shown as changed only. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  redact: string[] = [],
): AuditChanges {
  const changes: AuditChanges = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    changes[key] = redact.includes(key)
      ? { from: "(hidden)", to: "(hidden)" }
      : { from: before[key] ?? null, to: value ?? null };
  }
  return changes;
}
