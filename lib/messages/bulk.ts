import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { messages, type MessageStatus } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/mutations";
import {
  cancelMessagesWhere,
  redeliverMessagesWhere,
  type SendEvents,
} from "@/lib/messages/operations";
import { whereOf, type MessageFilters } from "./queries";

/**
 * Bulk actions on the Logs tab's filtered list: retry every Failed message (Svix's
 * "recover"), cancel every Created or Retrying one, delete the Failed ones (3scale's
 * "delete failed deliveries"). Each works in batches so a large set never holds one long
 * transaction, and each asks for the count first so the operator confirms a number.
 */

export const BULK_ACTIONS = ["retry", "cancel", "delete"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

const TARGET_STATUSES: Record<BulkAction, MessageStatus[]> = {
  retry: ["failed"],
  cancel: ["created", "retrying"],
  delete: ["failed"],
};

const BATCH = 500;

function targetWhere(action: BulkAction, filters: MessageFilters, now: Date) {
  // The list's own status filter narrows further; one that excludes the targets leaves none.
  return and(
    whereOf({ ...filters, status: "all" }, now),
    inArray(messages.status, TARGET_STATUSES[action]),
    filters.status && filters.status !== "all" ? eq(messages.status, filters.status) : undefined,
  );
}

export async function countBulkTargets(
  db: Executor,
  action: BulkAction,
  filters: MessageFilters,
  now = new Date(),
) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(targetWhere(action, filters, now));
  return row?.n ?? 0;
}

/** Runs a bulk action and returns how many messages it touched. */
export async function runBulkAction(
  db: Executor,
  send: SendEvents,
  action: BulkAction,
  filters: MessageFilters,
  actor: Actor,
  now = new Date(),
): Promise<number> {
  let total = 0;
  // Walks the targets once in id order: a retried message that fails again meanwhile is
  // not retried a second time by the same action.
  let after = "";
  for (;;) {
    const ids = (
      await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(targetWhere(action, filters, now), gt(messages.id, after)))
        .orderBy(asc(messages.id))
        .limit(BATCH)
    ).map((r) => r.id);
    if (!ids.length) break;
    after = ids.at(-1)!;
    const batch = and(
      inArray(messages.id, ids),
      inArray(messages.status, TARGET_STATUSES[action]),
    )!;
    const done =
      action === "delete"
        ? await db.delete(messages).where(batch).returning({ id: messages.id })
        : action === "cancel"
          ? await cancelMessagesWhere(db, batch)
          : await redeliverMessagesWhere(db, send, batch);
    total += done.length;
    if (ids.length < BATCH) break;
  }
  await recordAudit(db, actor, {
    entityType: filters.webhookId ? "webhook" : "messages",
    entityId: filters.webhookId ?? "all",
    action: `messages.bulk_${action}`,
    changes: { messages: { from: null, to: total } },
  });
  return total;
}
