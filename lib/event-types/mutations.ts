import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { eventTypes } from "@/db/schema";
import { diff, recordAudit, type Actor } from "@/lib/audit/mutations";
import { DomainError, isUniqueViolation, notFound } from "@/lib/errors";
import { EVENT_TYPE_CATALOG } from "./catalog";
import type { CreateEventType, UpdateEventType } from "./schemas";

const ENTITY = "event_type";

/** Adds the shipped event types that are missing; never changes ones an operator edited. */
export async function seedEventTypes(db: Executor) {
  await db.insert(eventTypes).values(EVENT_TYPE_CATALOG).onConflictDoNothing();
}

export async function createEventType(db: Executor, input: CreateEventType, actor: Actor) {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(eventTypes).values(input).returning();
      await recordAudit(tx, actor, {
        entityType: ENTITY,
        entityId: input.name,
        action: "created",
        changes: diff({}, { description: input.description }),
      });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", `Event type ${input.name} already exists`, "name");
    }
    throw error;
  }
}

async function lockedEventType(tx: Executor, name: string) {
  const [row] = await tx.select().from(eventTypes).where(eq(eventTypes.name, name)).for("update");
  if (!row) throw notFound("Event type");
  return row;
}

export async function updateEventType(
  db: Executor,
  name: string,
  patch: UpdateEventType,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const before = await lockedEventType(tx, name);
    const changes = diff(before, patch);
    if (!Object.keys(changes).length) return before;
    const [after] = await tx
      .update(eventTypes)
      .set(patch)
      .where(eq(eventTypes.name, name))
      .returning();
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: name,
      action: "updated",
      changes,
    });
    return after!;
  });
}

/**
 * Archives (or restores) an event type: publishing it answers 422 and new webhooks cannot
 * subscribe to it; webhooks already subscribed keep the name.
 */
export async function setEventTypeArchived(
  db: Executor,
  name: string,
  archived: boolean,
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const before = await lockedEventType(tx, name);
    if ((before.archivedAt !== null) === archived) return before;
    const [after] = await tx
      .update(eventTypes)
      .set({ archivedAt: archived ? new Date() : null })
      .where(eq(eventTypes.name, name))
      .returning();
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: name,
      action: archived ? "archived" : "restored",
    });
    return after!;
  });
}
