import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { AuditEntityType } from "./enums";
import { users } from "./users";

export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The actor's email when the entry was written, kept after the user is gone. */
    actorLabel: text().notNull(),
    entityType: text().$type<AuditEntityType>().notNull(),
    entityId: text().notNull(),
    action: text().notNull(),
    changes: jsonb().$type<AuditChanges>(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId, t.at)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
