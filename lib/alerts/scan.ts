import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { SWEEPER_STALE_MS } from "@/lib/health/health";
import { enqueueMessages, type SendEvents } from "@/lib/messages/operations";
import { publishEvent, subscribedTo } from "@/lib/messages/publish";
import { webhooks } from "@/db/schema";
import { raiseAlert } from "./raise";
import { isAlertType, type AlertWebhook, type JobName, type MessageFailedData } from "./types";

/**
 * The alerts job (every minute, inngest/functions/alerts.ts): finds what needs an operator
 * — messages that failed for good, webhooks failing for an hour, background jobs that stopped
 * — records each as an alert, and publishes the events of new alerts to the webhooks
 * subscribed to `hookyard.*`. It reads state, not the delivery path: delivery does no extra
 * work for it. Each part is a transaction of its own; run twice at once, they skip each
 * other's rows (`skip locked`), and nothing is reported twice.
 */

/** A webhook failing this long raises `hookyard.webhook_failing`, once per streak. */
export const FAILING_ALERT_MS = 60 * 60_000;
/** The retention job runs hourly; two missed runs and some slack mean it stopped. */
export const RETENTION_STALE_MS = 2 * 60 * 60_000 + 15 * 60_000;
const BATCH = 200;
/** One run reports at most this many batches of failures; the next run goes on. */
const MAX_BATCHES = 25;

export interface ScanResult {
  failedMessages: number;
  failingWebhooks: number;
  stalledJobs: number;
  published: number;
}

const webhookOf = (row: { webhook_id: string; name: string; url: string }): AlertWebhook => ({
  id: row.webhook_id,
  name: row.name,
  url: row.url,
});

/**
 * Whether any enabled webhook takes events of `type`: without one, an alert stays in the
 * console and no event is stored (a dead endpoint's thousands of failures would fill the
 * Events with events nobody receives).
 */
function subscriberCheck(db: Executor) {
  const known = new Map<string, Promise<boolean>>();
  return (type: string) => {
    let answer = known.get(type);
    if (!answer) {
      answer = db
        .select({ id: webhooks.id })
        .from(webhooks)
        .where(subscribedTo(type, null))
        .limit(1)
        .then((rows) => rows.length > 0);
      known.set(type, answer);
    }
    return answer;
  };
}

type HandedOver = { id: string; webhookId: string }[];

/**
 * Runs `batch` in a transaction of its own until it takes fewer than BATCH rows (or
 * MAX_BATCHES ran: the next run goes on), handing each batch's new messages over once it is
 * committed. Returns how many rows the batches took.
 */
async function inBatches(
  db: Executor,
  send: SendEvents,
  batch: (tx: Executor) => Promise<{ count: number; published: HandedOver }>,
) {
  let total = 0;
  for (let n = 0; n < MAX_BATCHES; n++) {
    const { count, published } = await db.transaction(batch);
    total += count;
    // Stored is accepted: a hand-over that fails now is swept later, as for any event.
    await enqueueMessages(send, published).catch((error: unknown) =>
      console.error("[alerts] enqueue failed; will be swept:", error),
    );
    if (count < BATCH) break;
  }
  return total;
}

/** `(id, …)` of the rows a batch took, for its closing update. */
const idsOf = (rows: { id: string }[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.id))}::jsonb))`;

const iso = (at: Date | string | null) => (at === null ? null : new Date(at).toISOString());

type FailedRow = {
  id: string;
  round: number;
  webhook_id: string;
  name: string;
  url: string;
  event_id: string | null;
  event_type: string;
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date;
};

/**
 * Messages that failed for good since the last report: one `hookyard.message_failed` event
 * each (none for a `hookyard.*` message: an alert about an alert could go round for ever),
 * and in the console one alert per webhook and hour that counts them.
 */
export function reportFailedMessages(db: Executor, send: SendEvents) {
  return inBatches(db, send, async (tx) => {
    const { rows } = await tx.execute<FailedRow>(sql`
        select m.id, m.round, m.webhook_id, w.name, w.url, m.event_id, m.event_type, m.attempts,
               m.last_response_status, m.last_error, m.created_at,
               coalesce(m.finished_at, m.last_attempt_at, m.created_at) as finished_at
        from messages m join webhooks w on w.id = m.webhook_id
        where m.status = 'failed' and m.failure_alerted_round is distinct from m.round
        order by m.finished_at
        limit ${BATCH}
        for update of m skip locked`);
    const published: HandedOver = [];
    const subscribed = subscriberCheck(tx);
    const hours = new Map<string, { data: MessageFailedData; count: number; at: Date }>();
    for (const row of rows) {
      const finishedAt = new Date(row.finished_at);
      const data: MessageFailedData = {
        webhook: webhookOf(row),
        message: {
          id: row.id,
          eventId: row.event_id,
          eventType: row.event_type,
          attempts: row.attempts,
          lastResponseStatus: row.last_response_status,
          lastError: row.last_error,
          createdAt: iso(row.created_at)!,
          finishedAt: finishedAt.toISOString(),
        },
      };
      if (!isAlertType(row.event_type) && (await subscribed("hookyard.message_failed"))) {
        const event = await publishEvent(tx, {
          type: "hookyard.message_failed",
          payload: data as unknown as Record<string, unknown>,
          source: "hookyard",
          idempotencyKey: `hookyard:message_failed:${row.id}:${row.round}`,
        });
        published.push(...event.messages);
      }
      const key = `message_failed:${row.webhook_id}:${finishedAt.toISOString().slice(0, 13)}`;
      const hour = hours.get(key);
      if (hour) {
        hour.count++;
        if (finishedAt >= hour.at) Object.assign(hour, { data, at: finishedAt });
      } else hours.set(key, { data, count: 1, at: finishedAt });
    }
    for (const [dedupeKey, { data, count }] of hours) {
      await raiseAlert(
        tx,
        { type: "hookyard.message_failed", webhookId: data.webhook.id, dedupeKey, data },
        { gather: count, publish: false },
      );
    }
    if (rows.length) {
      await tx.execute(sql`
          update messages set failure_alerted_round = round where id in ${idsOf(rows)}`);
    }
    return { count: rows.length, published };
  });
}

/** Enabled webhooks that have failed every attempt for an hour: one alert per streak. */
export async function reportFailingWebhooks(db: Executor, now = new Date()) {
  const since = new Date(now.getTime() - FAILING_ALERT_MS).toISOString();
  const { rows } = await db.execute<{
    webhook_id: string;
    name: string;
    url: string;
    failing_since: Date;
    last_failure_at: Date | null;
  }>(sql`
    select id as webhook_id, name, url, failing_since, last_failure_at from webhooks
    where enabled and failing_since <= ${since}::timestamptz`);
  let raised = 0;
  for (const row of rows) {
    const failingSince = iso(row.failing_since)!;
    const created = await raiseAlert(db, {
      type: "hookyard.webhook_failing",
      webhookId: row.webhook_id,
      dedupeKey: `webhook_failing:${row.webhook_id}:${failingSince}`,
      data: { webhook: webhookOf(row), failingSince, lastFailureAt: iso(row.last_failure_at) },
    });
    if (created) raised++;
  }
  return raised;
}

const STALE_AFTER: Record<JobName, number> = {
  sweeper: SWEEPER_STALE_MS,
  retention: RETENTION_STALE_MS,
};

/**
 * Background jobs that have not finished a run for too long: one alert per stop. A job is
 * timed from the later of its last run and the moment the stack came up again — the alerts
 * job's own runs without a gap (`alerts`, `alerts_up_since`) — so that after `npm start`
 * following a stop, jobs get their time to run before they count as stopped. A job that
 * never finished a run is not reported (a new install, or one just upgraded).
 */
export async function reportStalledJobs(db: Executor, now = new Date()) {
  const { rows } = await db.execute<{ name: string; at: Date }>(sql`
    select name, at from heartbeats
    where name in ('sweeper', 'retention', 'alerts', 'alerts_up_since')`);
  const beats = new Map(rows.map((r) => [r.name, new Date(r.at)]));
  const previous = beats.get("alerts");
  let upSince = beats.get("alerts_up_since");
  const beat = (name: string) =>
    db.execute(sql`
      insert into heartbeats (name, at) values (${name}, ${now.toISOString()}::timestamptz)
      on conflict (name) do update set at = excluded.at`);
  if (!previous || !upSince || now.getTime() - previous.getTime() > SWEEPER_STALE_MS) {
    upSince = now;
    await beat("alerts_up_since");
  }
  await beat("alerts");
  let raised = 0;
  for (const name of ["sweeper", "retention"] as const) {
    const lastRunAt = beats.get(name);
    if (!lastRunAt) continue;
    const since = Math.max(lastRunAt.getTime(), upSince.getTime());
    if (now.getTime() - since < STALE_AFTER[name]) continue;
    const created = await raiseAlert(db, {
      type: "hookyard.job_failed",
      webhookId: null,
      dedupeKey: `job_stalled:${name}:${lastRunAt.toISOString()}`,
      data: {
        job: name,
        error: `has not run since ${lastRunAt.toISOString()}`,
        lastRunAt: lastRunAt.toISOString(),
      },
    });
    if (created) raised++;
  }
  return raised;
}

/** Publishes the events of alerts raised since the last run (the `event_pending` outbox). */
export function publishPendingAlerts(db: Executor, send: SendEvents) {
  return inBatches(db, send, async (tx) => {
    const { rows } = await tx.execute<{ id: string; type: string; event_pending: object }>(sql`
        select id, type, event_pending from alerts
        where event_pending is not null
        order by created_at
        limit ${BATCH}
        for update skip locked`);
    const published: HandedOver = [];
    const subscribed = subscriberCheck(tx);
    for (const row of rows) {
      if (!(await subscribed(row.type))) continue;
      const event = await publishEvent(tx, {
        type: row.type,
        payload: row.event_pending as Record<string, unknown>,
        source: "hookyard",
        idempotencyKey: `hookyard:${row.id}`,
      });
      published.push(...event.messages);
    }
    if (rows.length) {
      await tx.execute(sql`update alerts set event_pending = null where id in ${idsOf(rows)}`);
    }
    return { count: rows.length, published };
  });
}

/** One run of the alerts job, every part in turn. */
export async function scanAlerts(
  db: Executor,
  send: SendEvents,
  now = new Date(),
): Promise<ScanResult> {
  const failedMessages = await reportFailedMessages(db, send);
  const failingWebhooks = await reportFailingWebhooks(db, now);
  const stalledJobs = await reportStalledJobs(db, now);
  const published = await publishPendingAlerts(db, send);
  return { failedMessages, failingWebhooks, stalledJobs, published };
}
