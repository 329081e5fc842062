import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { settings } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/mutations";

/**
 * Console-wide settings, one JSON value per key in the `settings` table: the global
 * deliveries switch and the retention age. Read here, written here with an audit entry.
 */

export const DEFAULT_RETENTION_DAYS = 30;

async function readSetting<T>(db: Executor, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value as T | undefined;
}

async function writeSetting(
  db: Executor,
  actor: Actor,
  key: string,
  value: Record<string, unknown>,
  audit: { action: string; changes?: Record<string, { from: unknown; to: unknown }> },
) {
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    await recordAudit(tx, actor, { entityType: "settings", entityId: key, ...audit });
  });
}

/**
 * The switch as SQL, for queries that read it along with what they fetch anyway (each
 * delivery attempt does, instead of a query of its own).
 */
export const deliveriesPausedSql = sql<boolean>`coalesce((select (${settings.value}->>'paused')::boolean from ${settings} where ${settings.key} = 'deliveries'), false)`;

export async function deliveriesPaused(db: Executor): Promise<boolean> {
  return (await readSetting<{ paused?: boolean }>(db, "deliveries"))?.paused === true;
}

/** The global switch (3scale's "Webhooks are on/off"): paused messages wait, then resume. */
export async function setDeliveriesPaused(db: Executor, paused: boolean, actor: Actor) {
  await writeSetting(
    db,
    actor,
    "deliveries",
    { paused },
    {
      action: paused ? "deliveries.paused" : "deliveries.resumed",
    },
  );
}

/** How long finished messages are kept (lib/messages/retention.ts). */
export async function retentionDays(db: Executor): Promise<number> {
  const days = (await readSetting<{ days?: unknown }>(db, "retention"))?.days;
  return typeof days === "number" && days >= 1 ? days : DEFAULT_RETENTION_DAYS;
}

export async function setRetentionDays(db: Executor, days: number, actor: Actor) {
  const before = await retentionDays(db);
  await writeSetting(
    db,
    actor,
    "retention",
    { days },
    {
      action: "updated",
      changes: { days: { from: before, to: days } },
    },
  );
}
