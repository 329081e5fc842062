import { settings } from "@/db/schema";
import type { Executor } from "@/db";
import { recordAudit, type Actor } from "@/lib/audit/mutations";

export { deliveriesPaused } from "@/lib/delivery/attempt";

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
