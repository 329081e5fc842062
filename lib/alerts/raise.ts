import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import type { AlertDataByType, AlertType, JobName } from "./types";

export const newAlertId = () => `alr_${randomBytes(12).toString("base64url")}`;

export interface AlertInput<T extends AlertType = AlertType> {
  type: T;
  webhookId: string | null;
  /** Occurrences with the same key are one alert (lib/alerts/types.ts says which). */
  dedupeKey: string;
  data: AlertDataByType[T];
}

/**
 * Records an alert for the console. A new one also waits in its row (`event_pending`) for
 * the alerts job to publish its event, so raising works anywhere a statement does — inside a
 * delivery's transaction too — and commits or rolls back with what caused it. `gather`
 * counts a repeat into the existing alert (unread again, not published again); otherwise a
 * repeat of the key does nothing. Returns whether the alert is new.
 */
export async function raiseAlert(
  db: Executor,
  alert: AlertInput,
  opts: { gather?: number; publish?: boolean } = {},
): Promise<boolean> {
  // The database's clock, as reads and "Mark all as read" use: the insert's own moment, so
  // an alert committed just after a read-all is still news.
  const now = sql`clock_timestamp()`;
  const data = JSON.stringify(alert.data);
  const pending = opts.publish === false ? null : data;
  const onConflict = opts.gather
    ? sql`do update set count = alerts.count + ${opts.gather}, data = excluded.data,
          updated_at = greatest(alerts.updated_at, excluded.updated_at)`
    : sql`do nothing`;
  const { rows } = await db.execute<{ created: boolean }>(sql`
    insert into alerts (id, type, webhook_id, dedupe_key, data, count, event_pending, created_at, updated_at)
    values (${newAlertId()}, ${alert.type}, ${alert.webhookId}, ${alert.dedupeKey}, ${data}::jsonb,
            ${opts.gather ?? 1}, ${pending}::jsonb, ${now}, ${now})
    on conflict (dedupe_key) ${onConflict}
    returning (xmax = 0) as created`);
  return rows[0]?.created === true;
}

const hourOf = (at: Date) => at.toISOString().slice(0, 13);

/**
 * A background job's run failed: one alert per job and hour, counting the failures, its
 * event sent once. Never throws — the job's own error is what the caller rethrows.
 */
export async function raiseJobFailure(
  db: Executor,
  job: JobName,
  error: unknown,
  now = new Date(),
) {
  const message = error instanceof Error ? error.message : String(error);
  try {
    const [beat] = (
      await db.execute<{ at: Date }>(sql`select at from heartbeats where name = ${job}`)
    ).rows;
    await raiseAlert(
      db,
      {
        type: "hookyard.job_failed",
        webhookId: null,
        dedupeKey: `job_failed:${job}:${hourOf(now)}`,
        data: {
          job,
          error: message.slice(0, 1000),
          lastRunAt: beat ? new Date(beat.at).toISOString() : null,
        },
      },
      { gather: 1 },
    );
  } catch (alertError) {
    console.error(`[alerts] could not record the ${job} failure:`, alertError);
  }
}

/** Runs a job's work; a failure becomes an alert, then goes on as the job's error. */
export async function alertingFailure<T>(
  db: Executor,
  job: JobName,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await raiseJobFailure(db, job, error);
    throw error;
  }
}
