import { settings } from "@/db/schema";
import type { Executor } from "@/db";
import { recordAudit, type Actor } from "@/lib/audit/mutations";

import { retentionDays } from "@/lib/messages/retention";

export { deliveriesPaused } from "@/lib/delivery/attempt";
export { retentionDays };

/** The global switch (3scale's "Webhooks are on/off"): paused messages wait, then resume. */
export async function setDeliveriesPaused(db: Executor, paused: boolean, actor: Actor) {
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: "deliveries", value: { paused } })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: { paused }, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      entityType: "settings",
      entityId: "deliveries",
      action: paused ? "deliveries.paused" : "deliveries.resumed",
    });
  });
}

/** How long finished messages are kept (lib/messages/retention.ts reads it). */
export async function setRetentionDays(db: Executor, days: number, actor: Actor) {
  await db.transaction(async (tx) => {
    const before = await retentionDays(tx);
    await tx
      .insert(settings)
      .values({ key: "retention", value: { days } })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: { days }, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      entityType: "settings",
      entityId: "retention",
      action: "updated",
      changes: { days: { from: before, to: days } },
    });
  });
}
