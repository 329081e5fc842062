import type { Executor } from "@/db";
import { eventTypes } from "@/db/schema";
import { EVENT_TYPE_CATALOG } from "./catalog";

/** Adds the shipped event types that are missing; never changes ones an operator edited. */
export async function seedEventTypes(db: Executor) {
  await db.insert(eventTypes).values(EVENT_TYPE_CATALOG).onConflictDoNothing();
}
