import { inArray, sql } from "drizzle-orm";
import { recordset, type Executor } from "@/db";
import { messages, webhooks, type Message, type MessageStatus, type Webhook } from "@/db/schema";
import { decryptCached } from "@/lib/crypto/secrets";
import { openHeaders, openUrl } from "@/lib/webhooks/sealed";
import { allowListFor } from "@/lib/inbox/self-target";
import { deliveriesPausedSql } from "@/lib/settings/settings";
import { buildRequest } from "./build-request";
import { sendWebhookRequest, type OutgoingRequest } from "./http";
import { claimMessages } from "./due";
import { admit, handOverAfterMs } from "./lanes";
import { judgeAttempt, type AttemptOutcome } from "./policy";
import { takeRateLimitTurns } from "./rate-limit";
import { startAttemptSpan, type AttemptSpan } from "./trace";
import { writeAttempts, type SentAttempt } from "./record-attempts";

export { AUTO_DISABLE_AFTER_MS } from "./record-attempts";

/**
 * How often a message of a disabled webhook or of paused deliveries looks again by itself:
 * enabling and resuming make them due at once (lib/delivery/due.ts), so this is only a
 * safety net — every 5 minutes for a young message, then half its age, at most hourly, which
 * leaves the executor nearly idle however many messages wait.
 */
export const WAITING_RECHECK_MS = 60 * 60_000;
export const waitingRecheckMs = (ageMs: number) =>
  Math.min(WAITING_RECHECK_MS, Math.max(5 * 60_000, ageMs / 2));

/** A handed-over request has finished and been recorded by then, unless the process died. */
const HAND_OVER_MARGIN_MS = 5_000;

/** This process's requests whose outcome is not written yet, handed over or not. */
const unrecorded = new Set<Promise<unknown>>();

/**
 * Waits until every request this process sent has its outcome written (handed-over ones
 * included), or `deadlineMs` has passed; returns how many are still unwritten. A stop calls
 * it (scripts/worker.ts): an attempt sent but not recorded would be sent again.
 */
export async function attemptsRecorded(deadlineMs: number): Promise<number> {
  const end = Date.now() + deadlineMs;
  while (unrecorded.size && Date.now() < end) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...unrecorded]),
      new Promise((r) => (timer = setTimeout(r, end - Date.now()))),
    ]);
    clearTimeout(timer);
  }
  return unrecorded.size;
}

export interface AttemptOptions {
  /** HOOKYARD_DELIVERY_ALLOW: addresses opened besides the public internet. */
  allow?: string;
  /** The console's port, to reach its own Inbox on loopback (lib/inbox/self-target.ts). */
  consolePort?: number;
  now?: () => Date;
  random?: () => number;
  /**
   * A first attempt (a hand-over, not a drain's claim): claims the messages first, as a drain
   * does, and attempts only those it claimed — not one another attempt holds, nor one whose
   * next attempt is later (lib/delivery/due.ts, claimMessages).
   */
  onlyIfDue?: boolean;
  /** Messages that pass the circuit breaker: an operator asked for these attempts. */
  force?: ReadonlySet<string>;
  /**
   * Told the times at which messages of this batch are due again once those are written
   * (retries, hand-backs, waits; for a request handed over, when it ends): lib/delivery/due.ts.
   */
  onLater?: (times: Date[]) => Promise<void>;
}

export type AttemptReport =
  | { verdict: "success" | "failed"; status: MessageStatus; reason?: string }
  | { verdict: "retry" | "waiting"; status: MessageStatus; nextAt: string; reason: string }
  | { verdict: "skipped"; reason: string };

/** A request of this batch still out: `sentAt` 0 until it is on a socket. */
interface InFlight {
  message: Message;
  webhook: Webhook;
  start: number;
  sentAt: number;
}

/** A message that waits instead of being attempted now: until when, and why. */
interface Wait {
  message: Message;
  until: Date;
  reason: string;
  /**
   * Waits for the webhook to be enabled or deliveries resumed: it ends when they are. Or
   * holds a turn of the webhook's rate limit (lib/delivery/rate-limit.ts).
   */
  for?: "enabled" | "resumed" | "rate_limit";
}

/**
 * An attempt of each message, with its webhook's current settings: every webhook within its
 * share of requests in flight (lib/delivery/lanes.ts), and the outcomes written in a few
 * statements per batch (lib/delivery/record-attempts.ts) rather than a transaction per
 * message. A message whose outcome could not be written maps to an Error: it was sent, and it
 * stays as it was. A request that takes longer than handOverAfterMs() is handed over: it goes on
 * in the background and records its outcome; a message its webhook's share cannot take now
 * waits in the database, due again later (lib/delivery/due.ts). A slow or hanging endpoint
 * thus holds no executor call.
 */
export async function attemptMessages(
  db: Executor,
  ids: string[],
  options: AttemptOptions = {},
): Promise<Map<string, AttemptReport | Error>> {
  const clock = options.now ?? (() => new Date());
  const reports = new Map<string, AttemptReport | Error>();
  const unique = [...new Set(ids)];
  // A first attempt claims its messages as a drain does, before anything is sent: no drain
  // attempts them while this one is out, handed over or not (lib/delivery/due.ts).
  const claimed = options.onlyIfDue ? await claimMessages(db, unique) : null;
  // The messages, and their webhooks once each (not a join: one webhook row per message,
  // decoded column by column, was a tenth of what a burst allocated), in parallel.
  const [stored, hooks] = await Promise.all([
    db.select().from(messages).where(inArray(messages.id, unique)),
    db
      .select({ webhook: webhooks, paused: deliveriesPausedSql })
      .from(webhooks)
      .where(
        inArray(
          webhooks.id,
          db.select({ id: messages.webhookId }).from(messages).where(inArray(messages.id, unique)),
        ),
      ),
  ]);
  const hookOf = new Map(hooks.map((hook) => [hook.webhook.id, hook]));
  const rows = stored.flatMap((message) => {
    const hook = hookOf.get(message.webhookId);
    return hook ? [{ message, ...hook }] : [];
  });

  const waits: Wait[] = [];
  const unlimited: { message: Message; webhook: Webhook }[] = [];
  for (const { message, webhook, paused } of rows) {
    const now = clock();
    if (message.status !== "created" && message.status !== "retrying") {
      reports.set(message.id, {
        verdict: "skipped",
        reason: `The message is already ${message.status}`,
      });
    } else if (
      claimed &&
      !claimed.has(message.id) &&
      message.nextAttemptAt &&
      message.nextAttemptAt.getTime() > now.getTime() + 1000
    ) {
      // Woken before its time (its attempt was handed over and recorded meanwhile).
      reports.set(message.id, {
        verdict: "waiting",
        status: message.status,
        nextAt: message.nextAttemptAt.toISOString(),
        reason: "Not due yet",
      });
    } else if (claimed && !claimed.has(message.id)) {
      // Another attempt holds it: a drain (the sweeper found it waiting too long for this
      // first attempt), or this hand-over's earlier run, whose request is still out.
      reports.set(message.id, {
        verdict: "skipped",
        reason: "Another attempt of the message is in flight",
      });
    } else if (!webhook.enabled || paused) {
      // A disabled webhook's messages, and every message while deliveries are paused, wait.
      const age = now.getTime() - message.createdAt.getTime();
      waits.push({
        message,
        until: new Date(now.getTime() + waitingRecheckMs(age)),
        reason: paused ? "Deliveries are paused" : "The webhook is disabled",
        for: paused ? "resumed" : "enabled",
      });
    } else {
      unlimited.push({ message, webhook });
    }
  }
  // Webhooks with a rate limit: what is beyond it waits its turn, in order.
  const turns = unlimited.some((r) => r.webhook.rateLimitPerSecond)
    ? await takeRateLimitTurns(db, unlimited, clock().getTime())
    : { now: unlimited, later: [] };
  const ready = turns.now;
  for (const { item, until, reason } of turns.later) {
    waits.push({ message: item.message, until, reason, for: "rate_limit" });
  }
  const found = new Set(rows.map((r) => r.message.id));
  for (const id of ids) {
    if (!found.has(id)) {
      reports.set(id, {
        verdict: "skipped",
        reason: "The message or its webhook no longer exists",
      });
    }
  }

  // Each outcome joins the process's next write (a group commit) while other requests go on.
  // Once the step has handed over, outcomes still come in and are written, but not reported.
  let reporting = true;
  const writes: Promise<void>[] = [];
  const finished = (sent: SentAttempt): Promise<unknown> => {
    const written = writeAttempts(db, [sent]).then(
      () => (sent.verdict.kind === "retry" ? options.onLater?.([sent.verdict.at]) : undefined),
      (error: unknown) => {
        if (reporting) reports.set(sent.message.id, error as Error);
      },
    );
    if (reporting) {
      reports.set(sent.message.id, reportOf(sent));
      writes.push(written);
    }
    return written;
  };

  const inFlight = new Map<string, InFlight>();
  let allDone: (() => void) | undefined;
  await Promise.all(
    ready.map(async ({ message, webhook }) => {
      // A Test ping is a check the operator asked for: it passes the breaker.
      const asked = admit(webhook.id, {
        force: message.kind === "test" || !!options.force?.has(message.id),
        retry: message.attempts > 0,
      });
      const admission = asked instanceof Promise ? await asked : asked;
      if (!admission.go) {
        const now = clock();
        waits.push({
          message,
          until: new Date(now.getTime() + Math.max(0, admission.until - Date.now())),
          reason: admission.reason,
        });
        return;
      }
      const flight: InFlight = { message, webhook, start: Date.now(), sentAt: 0 };
      inFlight.set(message.id, flight);
      const onSent = () => {
        flight.sentAt = Date.now();
        admission.sent();
      };
      const landed = () => {
        inFlight.delete(message.id);
        if (!inFlight.size) allDone?.();
      };
      const outcome = send(message, webhook, clock, options, onSent).then(
        (sent) => {
          admission.done(sent.result);
          landed();
          return finished(sent);
        },
        (error: unknown) => {
          admission.done(null);
          landed();
          if (reporting) reports.set(message.id, error as Error);
        },
      );
      unrecorded.add(outcome);
      void outcome.finally(() => unrecorded.delete(outcome));
    }),
  );
  // Every request has ended, or the ones left have been out for handOverAfterMs(): those are
  // handed over. One timer for the batch, set to the next request that would reach it.
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    allDone = () => {
      clearTimeout(timer);
      resolve();
    };
    const look = () => {
      if (!inFlight.size) return allDone!();
      const now = Date.now();
      const after = handOverAfterMs();
      let next = Infinity;
      for (const { sentAt } of inFlight.values()) {
        // Not out on a socket yet: its time has not started; look again a threshold later.
        const due = (sentAt || now) + after;
        if (due > now) next = Math.min(next, due);
      }
      if (next === Infinity) return allDone!();
      timer = setTimeout(look, next - now);
    };
    look();
  });
  reporting = false;
  // Requests still in flight: they record their outcome when they end (their lease, when a
  // drain claimed them, lasts until then), at the latest by:
  for (const { message, webhook, start } of inFlight.values()) {
    // The longest a request may take (lib/delivery/http.ts): waiting for a connection, then
    // the response timeout from when it went out.
    const bound = webhook.connectTimeoutMs + 2 * webhook.responseTimeoutMs + HAND_OVER_MARGIN_MS;
    reports.set(message.id, {
      verdict: "waiting",
      status: message.status,
      nextAt: new Date(clock().getTime() + bound - (Date.now() - start)).toISOString(),
      reason: "The attempt is in flight",
    });
  }
  if (waits.length) {
    const times = await writeWaits(db, waits, clock(), reports);
    await options.onLater?.(times);
  }
  await Promise.all(writes);
  return reports;
}

/**
 * Messages that wait, with when they look again (at most their delivery deadline); one whose
 * deadline has passed fails. A wait for a webhook to be enabled (deliveries to resume) that
 * already happened meanwhile ends at once: the enable's wake-up may have come before this.
 * Returns the times written.
 */
async function writeWaits(
  db: Executor,
  waits: Wait[],
  at: Date,
  reports: Map<string, AttemptReport | Error>,
): Promise<Date[]> {
  const rows = waits.map(({ message, until, reason, for: awaited }) => {
    const failed = at >= message.deadlineAt;
    const nextAt = new Date(Math.min(until.getTime(), message.deadlineAt.getTime()));
    reports.set(
      message.id,
      failed
        ? { verdict: "failed", status: "failed", reason }
        : { verdict: "waiting", status: message.status, nextAt: nextAt.toISOString(), reason },
    );
    return {
      id: message.id,
      failed,
      next_at: failed ? null : nextAt,
      reason,
      at,
      awaited: awaited ?? null,
    };
  });
  // Deliveries resumed or the webhook enabled meanwhile: the wait ends at once.
  const endedAlready = sql`(v.awaited = 'resumed' and not ${deliveriesPausedSql}
    or v.awaited = 'enabled' and (select enabled from webhooks w where w.id = m.webhook_id))`;
  const { rows: written } = await db.execute<{ next_at: Date | string | null }>(sql`
    update messages m set
      next_attempt_at = case when ${endedAlready} then now() else v.next_at end,
      claimed_until = null,
      waiting_for = case when v.failed then null else v.awaited end,
      waiting_reason = case when v.failed or ${endedAlready} then null else v.reason end,
      status = case when v.failed then 'failed'::message_status else m.status end,
      last_error = case when v.failed then v.reason || ' until the delivery window closed'
                        else m.last_error end,
      finished_at = case when v.failed then v.at else m.finished_at end
    from ${recordset(rows)}
      as v(id text, failed boolean, next_at timestamptz, reason text, at timestamptz,
           awaited text)
    where m.id = v.id and m.status in ('created', 'retrying')
    returning m.next_attempt_at as next_at`);
  return written.flatMap((r) => (r.next_at ? [new Date(r.next_at)] : []));
}

/**
 * Builds, signs and sends one request, and judges the answer. Nothing is written yet. When
 * spans are exported, this is `hookyard.attempt` (lib/delivery/trace.ts): it starts before
 * the request is built, so that the request forwards its id.
 */
async function send(
  message: Message,
  webhook: Webhook,
  clock: () => Date,
  options: AttemptOptions,
  onSent?: () => void,
): Promise<SentAttempt> {
  const span = startAttemptSpan(message.traceparent, {
    webhookId: webhook.id,
    messageId: message.id,
    attempt: message.attempts + 1,
    method: webhook.method,
    url: webhook.url,
  });
  if (!span) return sendOnce(message, webhook, clock, options, onSent);
  try {
    const sent = await sendOnce(message, webhook, clock, options, onSent, span.traceparent);
    endAttemptSpan(span, sent);
    return sent;
  } catch (error) {
    span.end({}, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** The answer on the span: the status or the error kind, ERROR unless it succeeded. */
function endAttemptSpan(span: AttemptSpan, { result, verdict }: SentAttempt) {
  const failed =
    verdict.kind === "success"
      ? undefined
      : result.ok || result.errorKind !== "build"
        ? verdict.reason // the policy's words: a status or an error kind, no URL, no body
        : "The request could not be built";
  span.end(
    {
      "hookyard.attempt.verdict": verdict.kind,
      ...(result.ok
        ? { "http.response.status_code": result.status }
        : { "hookyard.error_kind": result.errorKind }),
      ...(failed !== undefined
        ? { "error.type": result.ok ? String(result.status) : result.errorKind }
        : {}),
    },
    failed,
  );
}

async function sendOnce(
  message: Message,
  webhook: Webhook,
  clock: () => Date,
  options: AttemptOptions,
  onSent?: () => void,
  attemptTraceparent?: string,
): Promise<SentAttempt> {
  const start = clock();
  let request: OutgoingRequest;
  try {
    request = await buildRequest(
      {
        id: webhook.id,
        name: webhook.name,
        url: openUrl(webhook),
        method: webhook.method,
        format: webhook.format,
        signing: webhook.signing,
        secret: decryptCached(webhook.secretEncrypted),
        previousSecret:
          webhook.previousSecretEncrypted &&
          webhook.previousSecretExpiresAt &&
          webhook.previousSecretExpiresAt > start
            ? decryptCached(webhook.previousSecretEncrypted)
            : null,
        headers: openHeaders(webhook.headers),
        customData: webhook.customData,
        forwardTraceparent: webhook.forwardTraceparent,
      },
      {
        id: message.id,
        eventId: message.eventId,
        kind: message.kind,
        eventType: message.eventType,
        product: webhook.product,
        payload: message.payload,
        createdAt: message.createdAt,
        traceparent: message.traceparent,
        attemptTraceparent,
      },
      { lastSuccessAt: webhook.lastSuccessAt, lastFailureAt: webhook.lastFailureAt },
      start,
    );
  } catch (error) {
    // Nothing was sent, and trying again would build the same: the message fails now, with
    // the reason on its attempt, instead of staying Created while its run retries.
    const reason = `The request could not be built: ${error instanceof Error ? error.message : String(error)}`;
    return {
      message,
      webhook,
      request: { url: webhook.url, method: webhook.method, headers: {}, body: null },
      result: { ok: false, errorKind: "build", error: reason, durationMs: 0 },
      verdict: { kind: "failed", reason },
      status: "failed",
      start,
      now: clock(),
    };
  }
  const result = await sendWebhookRequest(request, {
    connectTimeoutMs: webhook.connectTimeoutMs,
    responseTimeoutMs: webhook.responseTimeoutMs,
    allow: allowListFor(webhook.url, options.allow, options.consolePort),
    onSent,
  });
  const now = clock();
  const outcome: AttemptOutcome = result.ok
    ? { status: result.status, headers: result.headers }
    : { errorKind: result.errorKind };
  let verdict = judgeAttempt(
    outcome,
    webhook,
    message.attempts + 1,
    message.deadlineAt,
    now,
    options.random,
  );
  // A Test ping is a check, not a delivery: one attempt, its answer is the result.
  if (message.kind === "test" && verdict.kind === "retry") {
    verdict = { kind: "failed", reason: verdict.reason };
  }
  const status: MessageStatus =
    verdict.kind === "success" ? "success" : verdict.kind === "retry" ? "retrying" : "failed";
  return { message, webhook, request, result, verdict, status, start, now };
}

function reportOf({ verdict, status }: SentAttempt): AttemptReport {
  if (verdict.kind === "retry") {
    return { verdict: "retry", status, nextAt: verdict.at.toISOString(), reason: verdict.reason };
  }
  return {
    verdict: verdict.kind,
    status,
    ...(verdict.kind === "failed" ? { reason: verdict.reason } : {}),
  };
}
