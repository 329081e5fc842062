import { sql } from "drizzle-orm";
import { recordset, type Executor } from "@/db";
import type { Message, MessageStatus, Webhook } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise";
import { recordAudit } from "@/lib/audit/mutations";
import { countAttempts } from "@/lib/stats/record";
import { groupCommit } from "@/lib/util/group-commit";
import { recordRequest } from "./build-request";
import type { OutgoingRequest, SendResult } from "./http";
import type { Verdict } from "./policy";

/** Five days of failures with no success in between disables a webhook. */
export const AUTO_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;

/** One attempt made, not yet written: what was sent, what came back and what it means. */
export interface SentAttempt {
  message: Message;
  webhook: Webhook;
  request: OutgoingRequest;
  result: SendResult;
  verdict: Verdict;
  status: MessageStatus;
  start: Date;
  now: Date;
}

const SYSTEM_ACTOR = { id: null, email: "Hookyard" };
/** The most attempts one transaction writes. */
const WRITE_BATCH = 1000;

/** Text as Postgres stores it: a NUL character (which it refuses) becomes U+FFFD. */
const storable = (text: string) => text.replaceAll("\u0000", "\uFFFD");

/**
 * Writes attempts made anywhere in this process: while one transaction is being written, the
 * attempts finished meanwhile queue up and go together in the next (a group commit). Writers
 * never wait for each other's row locks, and the database sees a few statements per batch
 * rather than a handful per message. Resolves once `sent` is committed.
 */
export function writeAttempts(db: Executor, sent: SentAttempt[]): Promise<void> {
  let writer = writers.get(db);
  if (!writer) {
    writer = groupCommit((batch) => recordAttempts(db, batch), WRITE_BATCH);
    writers.set(db, writer);
  }
  return writer(sent);
}

const writers = new WeakMap<Executor, (items: SentAttempt[]) => Promise<void>>();

/**
 * Writes attempts in one transaction, however many: the attempts themselves, each message's
 * new status, the statistics, and each webhook's health (last success and failure, failing
 * since, and the automatic disable the rules call for).
 */
export async function recordAttempts(db: Executor, sent: SentAttempt[]) {
  if (!sent.length) return;
  const ordered = [...sent].sort((a, b) => a.start.getTime() - b.start.getTime());
  await db.transaction(async (tx) => {
    // A message deleted meanwhile (its webhook deleted, a bulk delete) has nothing to record.
    const { rows: recorded } = await tx.execute<{ message_id: string; number: number }>(sql`
      insert into attempts (message_id, webhook_id, number, started_at, duration_ms, request,
        response_status, response_headers, response_body, error_kind, error_message, success)
      select v.message_id, v.webhook_id,
        -- After a crash a step may run twice: the number then moves on instead of clashing.
        coalesce((select max(a.number) from attempts a where a.message_id = v.message_id), 0) + 1,
        v.started_at, v.duration_ms, v.request, v.response_status, v.response_headers,
        v.response_body, v.error_kind, v.error_message, v.success
      from ${recordset(
        ordered.map(({ message, webhook, request, result, verdict, start }) => ({
          message_id: message.id,
          webhook_id: webhook.id,
          started_at: start,
          duration_ms: result.durationMs,
          request: recordRequest(request),
          response_status: result.ok ? result.status : null,
          response_headers: result.ok ? result.headers : null,
          response_body: result.ok ? storable(result.body) : null,
          error_kind: result.ok ? null : result.errorKind,
          error_message: result.ok ? null : storable(result.error.slice(0, 1000)),
          success: verdict.kind === "success",
        })),
      )} as v(message_id text, webhook_id text, started_at timestamptz, duration_ms int,
              request jsonb, response_status int, response_headers jsonb, response_body text,
              error_kind text, error_message text, success boolean)
      join messages m on m.id = v.message_id
      returning message_id, number`);
    const numberOf = new Map(recorded.map((r) => [r.message_id, r.number]));
    const written = ordered.filter((s) => numberOf.has(s.message.id));
    if (!written.length) return;

    await tx.execute(sql`
      update messages m set
        status = v.status::message_status,
        attempts = m.attempts + 1,
        last_attempt_at = v.started_at,
        last_response_status = v.response_status,
        last_error = v.last_error,
        next_attempt_at = v.next_attempt_at,
        claimed_until = null,
        waiting_for = null,
        waiting_reason = null,
        finished_at = v.finished_at
      from ${recordset(
        written.map(({ message, result, verdict, status, start, now }) => ({
          id: message.id,
          status,
          started_at: start,
          response_status: result.ok ? result.status : null,
          last_error: verdict.kind === "success" ? null : storable(verdict.reason),
          next_attempt_at: verdict.kind === "retry" ? verdict.at : null,
          finished_at: verdict.kind === "retry" ? null : now,
        })),
      )} as v(id text, status text, started_at timestamptz, response_status int, last_error text,
              next_attempt_at timestamptz, finished_at timestamptz)
      -- Cancelled while its request was out: the attempt is recorded, the message stays so.
      where m.id = v.id and m.status in ('created', 'retrying')`);

    await countAttempts(
      tx,
      written.map((s) => ({
        webhookId: s.webhook.id,
        messageId: s.message.id,
        number: numberOf.get(s.message.id)!,
        startedAt: s.start,
        durationMs: s.result.durationMs,
        success: s.verdict.kind === "success",
      })),
    );

    // Webhooks are taken in id order, as by every other writer; `no key update` leaves
    // publishers, whose new messages reference these rows, unblocked.
    const { rows: disabled } = await tx.execute<{
      id: string;
      name: string;
      url: string;
      reason: string | null;
    }>(sql`
      with v as (
        select * from ${recordset(webhookHealth(written))} as v(id text, has_success boolean,
          last_success_at timestamptz, last_failure_at timestamptz, streak_start timestamptz,
          last_failure_now timestamptz, disable_reason text)
      ),
      before as (
        select w.id, w.enabled, w.failing_since from webhooks w join v on v.id = w.id
        order by w.id for no key update of w
      ),
      next as (
        select v.id, b.enabled as was_enabled, s.failing_since,
          coalesce(v.disable_reason,
            case when s.failing_since <= v.last_failure_now - ${`${AUTO_DISABLE_AFTER_MS} milliseconds`}::interval
                 then 'Deliveries kept failing for 5 days' end) as disable_reason
        from v join before b on b.id = v.id,
        lateral (select case when v.has_success then v.streak_start
                             else coalesce(b.failing_since, v.streak_start) end as failing_since) s
      )
      update webhooks w set
        last_success_at = greatest(w.last_success_at, v.last_success_at),
        last_failure_at = greatest(w.last_failure_at, v.last_failure_at),
        failing_since = n.failing_since,
        enabled = w.enabled and n.disable_reason is null,
        disabled_reason = coalesce(n.disable_reason, w.disabled_reason),
        -- An automatic disable is a change like any other: Modified moves, by Hookyard.
        updated_at = case when w.enabled and n.disable_reason is not null then now() else w.updated_at end,
        updated_by = case when w.enabled and n.disable_reason is not null then null else w.updated_by end
      from v join next n on n.id = v.id
      where w.id = v.id
      returning w.id, w.name, w.url, case when n.was_enabled and n.disable_reason is not null
                           then n.disable_reason end as reason`);
    for (const { id, name, url, reason } of disabled) {
      if (!reason) continue;
      await recordAudit(tx, SYSTEM_ACTOR, {
        entityType: "webhook",
        entityId: id,
        action: "disabled",
        changes: { enabled: { from: true, to: false }, disabledReason: { from: null, to: reason } },
      });
      // Rare, and raised with the disable itself: both happen, or neither.
      const disabledAt = new Date().toISOString();
      await raiseAlert(tx, {
        type: "hookyard.webhook_disabled",
        webhookId: id,
        dedupeKey: `webhook_disabled:${id}:${disabledAt}`,
        data: { webhook: { id, name, url }, reason, disabledAt },
      });
    }
  });
}

/**
 * Each webhook's attempts in this batch (in time order), summed up for its health: the last
 * success and failure, where the current failure streak began, and a disable the rules call
 * for at once (410 Gone, a failed Test ping with the option on).
 */
function webhookHealth(ordered: SentAttempt[]) {
  const health = new Map<
    string,
    {
      id: string;
      has_success: boolean;
      last_success_at: Date | null;
      last_failure_at: Date | null;
      streak_start: Date | null;
      last_failure_now: Date | null;
      disable_reason: string | null;
    }
  >();
  for (const { webhook, message, verdict, start, now } of ordered) {
    let h = health.get(webhook.id);
    if (!h) {
      h = {
        id: webhook.id,
        has_success: false,
        last_success_at: null,
        last_failure_at: null,
        streak_start: null,
        last_failure_now: null,
        disable_reason: null,
      };
      health.set(webhook.id, h);
    }
    if (verdict.kind === "success") {
      h.has_success = true;
      h.last_success_at = start;
      h.streak_start = null;
      continue;
    }
    h.streak_start ??= start;
    h.last_failure_at = start;
    h.last_failure_now = now;
    h.disable_reason ??=
      verdict.kind === "failed" && verdict.disableWebhook
        ? verdict.disableWebhook
        : verdict.kind === "failed" && message.kind === "test" && webhook.disableOnFailedTest
          ? `The Test ping failed: ${verdict.reason}`
          : null;
  }
  return [...health.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}
