import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { eventTypes } from "@/db/schema";

export function listEventTypes(db: Executor) {
  return db
    .select()
    .from(eventTypes)
    .where(isNull(eventTypes.archivedAt))
    .orderBy(asc(eventTypes.name));
}

/** Whether `name` is an active event type: one indexed lookup, for the events API. */
export async function isActiveEventType(db: Executor, name: string): Promise<boolean> {
  const [row] = await db
    .select({ name: eventTypes.name })
    .from(eventTypes)
    .where(and(eq(eventTypes.name, name), isNull(eventTypes.archivedAt)));
  return !!row;
}

/** Patterns that match no active event type: unknown names and families with no member. */
export function unknownPatterns(patterns: string[], known: string[]): string[] {
  return patterns.filter((pattern) =>
    pattern.endsWith(".*")
      ? !known.some((name) => name.startsWith(pattern.slice(0, -1)))
      : !known.includes(pattern),
  );
}

/** Whether `name` is matched by a subscription `pattern` (a name, or a family such as `application.*`). */
export const matchesPattern = (pattern: string, name: string) =>
  pattern.endsWith(".*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;

/** Every event type, archived ones too, by name. */
export function listAllEventTypes(db: Executor) {
  return db.select().from(eventTypes).orderBy(asc(eventTypes.name));
}

export async function getEventType(db: Executor, name: string) {
  const [row] = await db.select().from(eventTypes).where(eq(eventTypes.name, name));
  return row ?? null;
}
