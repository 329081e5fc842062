import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { heartbeats } from "@/db/schema";
import { isDatabaseUnavailable } from "@/lib/errors";

/**
 * What a load balancer or an uptime check needs to know, and nothing secret: the database
 * answers, the executor (the local one, or the Inngest server the app sends events to)
 * answers, the sweeper ran lately, and how long the oldest due message has waited.
 */

/** The sweeper runs every minute; three missed runs mean it is down. */
export const SWEEPER_STALE_MS = 3 * 60_000;
const PROBE_TIMEOUT_MS = 2000;

export type Check = { ok: boolean; detail: string };

export interface Health {
  ok: boolean;
  database: Check;
  executor: Check;
  sweeper: Check & { lastRunAt: string | null };
  oldestDueMessageSeconds: number | null;
}

/** Records that a background job finished a run. */
export async function beat(db: Executor, name: string) {
  await db
    .insert(heartbeats)
    .values({ name, at: new Date() })
    .onConflictDoUpdate({ target: heartbeats.name, set: { at: new Date() } });
}

/** Whether the Inngest server at `baseUrl` answers at all (Inngest Cloud is not probed). */
async function probeExecutor(baseUrl: string | undefined): Promise<Check> {
  if (!baseUrl) return { ok: true, detail: "Inngest Cloud (not probed)" };
  try {
    const response = await fetch(new URL("/health", baseUrl), {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.status < 500
      ? { ok: true, detail: "answering" }
      : { ok: false, detail: `answered ${response.status}` };
  } catch {
    return { ok: false, detail: "not answering" };
  }
}

export async function checkHealth(
  db: Executor,
  opts: { inngestBaseUrl?: string; now?: Date; uptimeMs: number },
): Promise<Health> {
  const now = opts.now ?? new Date();
  const executor = probeExecutor(opts.inngestBaseUrl);
  let row: { last_sweep: Date | null; oldest_due: Date | null } | undefined;
  try {
    ({
      rows: [row],
    } = await db.execute<{ last_sweep: Date | null; oldest_due: Date | null }>(sql`
      select
        (select at from ${heartbeats} where name = 'sweeper') as last_sweep,
        (select min(coalesce(next_attempt_at, created_at)) from messages
         where status in ('created', 'retrying')
           and coalesce(next_attempt_at, created_at) <= ${now.toISOString()}::timestamptz) as oldest_due`));
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
  }
  const database: Check = row
    ? { ok: true, detail: "answering" }
    : { ok: false, detail: "not answering" };
  const lastSweep = row?.last_sweep ? new Date(row.last_sweep) : null;
  const sweeperFresh = lastSweep !== null && now.getTime() - lastSweep.getTime() < SWEEPER_STALE_MS;
  // A console that just started has not seen a sweep yet: not a failure for its first minutes.
  const starting = !lastSweep && opts.uptimeMs < SWEEPER_STALE_MS;
  const sweeper = {
    ok: row !== undefined && (sweeperFresh || starting),
    detail: !row
      ? "unknown: no database"
      : sweeperFresh
        ? "ran lately"
        : starting
          ? "starting"
          : lastSweep
            ? "has not run for over 3 minutes"
            : "has never run",
    lastRunAt: lastSweep?.toISOString() ?? null,
  };
  const oldest = row?.oldest_due ? new Date(row.oldest_due) : null;
  const executorCheck = await executor;
  return {
    ok: database.ok && executorCheck.ok && sweeper.ok,
    database,
    executor: executorCheck,
    sweeper,
    oldestDueMessageSeconds: oldest
      ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000))
      : null,
  };
}
