import { eq, inArray, sql } from "drizzle-orm";
import { recordset, type Executor } from "@/db";
import { messages, webhooks, type Message, type MessageStatus, type Webhook } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { allowListFor } from "@/lib/inbox/self-target";
import { deliveriesPausedSql } from "@/lib/settings/settings";
import { buildRequest } from "./build-request";
import { sendWebhookRequest } from "./http";
import { judgeAttempt, type AttemptOutcome } from "./policy";
import { writeAttempts, type SentAttempt } from "./record-attempts";

export { AUTO_DISABLE_AFTER_MS } from "./record-attempts";

/**
 * How often a message of a disabled webhook or of paused deliveries looks again: soon for
 * a young message (a resume that raced its wake-up costs seconds, not minutes), then half
 * its age, at most every 10 minutes (a long pause does not keep the database busy).
 */
export const WAITING_RECHECK_MS = 10 * 60_000;
export const waitingRecheckMs = (ageMs: number) =>
  Math.min(WAITING_RECHECK_MS, Math.max(30_000, ageMs / 2));

/** Requests in flight per webhook within one batch: one slow endpoint cannot take every slot. */
export const PER_WEBHOOK_IN_FLIGHT = 8;
export const TOTAL_IN_FLIGHT = 256;

export interface AttemptOptions {
  /** HOOKYARD_DELIVERY_ALLOW: addresses opened besides the public internet. */
  allow?: string;
  /** The console's port, to reach its own Inbox on loopback (lib/inbox/self-target.ts). */
  consolePort?: number;
  now?: () => Date;
  random?: () => number;
}

export type AttemptReport =
  | { verdict: "success" | "failed"; status: MessageStatus; reason?: string }
  | { verdict: "retry" | "waiting"; status: MessageStatus; nextAt: string; reason: string }
  | { verdict: "skipped"; reason: string };

/**
 * One delivery attempt of a message with its webhook's current settings, recorded with its
 * outcome. Errors (the database unreachable) are thrown: the calling step is retried.
 */
export async function attemptMessage(
  db: Executor,
  messageId: string,
  options: AttemptOptions = {},
): Promise<AttemptReport> {
  const report = (await attemptMessages(db, [messageId], options)).get(messageId)!;
  if (report instanceof Error) throw report;
  return report;
}

/**
 * An attempt of each message, with its webhook's current settings: webhooks in parallel,
 * each with a few requests in flight, and the outcomes written in a few statements per batch
 * (lib/delivery/record-attempts.ts) rather than a transaction per message. A message whose
 * outcome could not be written maps to an Error: it was sent, and it stays as it was.
 */
export async function attemptMessages(
  db: Executor,
  ids: string[],
  options: AttemptOptions = {},
): Promise<Map<string, AttemptReport | Error>> {
  const clock = options.now ?? (() => new Date());
  const reports = new Map<string, AttemptReport | Error>();
  const rows = await db
    .select({ message: messages, webhook: webhooks, paused: deliveriesPausedSql })
    .from(messages)
    .innerJoin(webhooks, eq(webhooks.id, messages.webhookId))
    .where(inArray(messages.id, [...new Set(ids)]));

  const waiting: { id: string; failed: boolean; next_at: Date | null; reason: string; at: Date }[] =
    [];
  const byWebhook = new Map<string, { message: Message; webhook: Webhook }[]>();
  for (const { message, webhook, paused } of rows) {
    if (message.status !== "created" && message.status !== "retrying") {
      reports.set(message.id, {
        verdict: "skipped",
        reason: `The message is already ${message.status}`,
      });
    } else if (!webhook.enabled || paused) {
      // A disabled webhook's messages, and every message while deliveries are paused, wait.
      const reason = paused ? "Deliveries are paused" : "The webhook is disabled";
      const at = clock();
      if (at >= message.deadlineAt) {
        waiting.push({ id: message.id, failed: true, next_at: null, reason, at });
        reports.set(message.id, { verdict: "failed", status: "failed", reason });
      } else {
        const nextAt = new Date(
          Math.min(
            at.getTime() + waitingRecheckMs(at.getTime() - message.createdAt.getTime()),
            message.deadlineAt.getTime(),
          ),
        );
        waiting.push({ id: message.id, failed: false, next_at: nextAt, reason, at });
        reports.set(message.id, {
          verdict: "waiting",
          status: message.status,
          nextAt: nextAt.toISOString(),
          reason,
        });
      }
    } else {
      const queue = byWebhook.get(webhook.id) ?? [];
      queue.push({ message, webhook });
      byWebhook.set(webhook.id, queue);
    }
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
  if (waiting.length) {
    await db.execute(sql`
      update messages m set
        next_attempt_at = v.next_at,
        status = case when v.failed then 'failed'::message_status else m.status end,
        last_error = case when v.failed then v.reason || ' until the delivery window closed'
                          else m.last_error end,
        finished_at = case when v.failed then v.at else m.finished_at end
      from ${recordset(waiting)}
        as v(id text, failed boolean, next_at timestamptz, reason text, at timestamptz)
      where m.id = v.id`);
  }

  // Each outcome joins the process's next write (a group commit) while other requests go on.
  const writes: Promise<void>[] = [];
  const finished = (sent: SentAttempt) => {
    reports.set(sent.message.id, reportOf(sent));
    writes.push(
      writeAttempts(db, [sent]).catch((error: unknown) => {
        reports.set(sent.message.id, error as Error);
      }),
    );
  };

  // Each webhook's secret is decrypted once per batch.
  const secrets = new Map<string, string>();
  const secretOf = (webhook: Webhook) => {
    let secret = secrets.get(webhook.secretEncrypted);
    if (secret === undefined) {
      secret = decryptSecret(webhook.secretEncrypted);
      secrets.set(webhook.secretEncrypted, secret);
    }
    return secret;
  };

  let inFlight = 0;
  const slots: (() => void)[] = [];
  await Promise.all(
    [...byWebhook.values()].map(async (queue) => {
      const lanes = Array.from(
        { length: Math.min(PER_WEBHOOK_IN_FLIGHT, queue.length) },
        async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            while (inFlight >= TOTAL_IN_FLIGHT) await new Promise<void>((r) => slots.push(r));
            inFlight++;
            try {
              finished(await send(next.message, next.webhook, secretOf, clock, options));
            } catch (error) {
              reports.set(next.message.id, error as Error);
            } finally {
              inFlight--;
              slots.shift()?.();
            }
          }
        },
      );
      await Promise.all(lanes);
    }),
  );
  await Promise.all(writes);
  return reports;
}

/** Builds, signs and sends one request, and judges the answer. Nothing is written yet. */
async function send(
  message: Message,
  webhook: Webhook,
  secretOf: (webhook: Webhook) => string,
  clock: () => Date,
  options: AttemptOptions,
): Promise<SentAttempt> {
  const start = clock();
  const request = await buildRequest(
    {
      id: webhook.id,
      name: webhook.name,
      url: webhook.url,
      method: webhook.method,
      format: webhook.format,
      signing: webhook.signing,
      secret: secretOf(webhook),
      headers: webhook.headers,
      customData: webhook.customData,
    },
    {
      id: message.id,
      eventId: message.eventId,
      kind: message.kind,
      eventType: message.eventType,
      product: webhook.product,
      payload: message.payload,
      createdAt: message.createdAt,
    },
    { lastSuccessAt: webhook.lastSuccessAt, lastFailureAt: webhook.lastFailureAt },
    start,
  );
  const result = await sendWebhookRequest(request, {
    connectTimeoutMs: webhook.connectTimeoutMs,
    responseTimeoutMs: webhook.responseTimeoutMs,
    allow: allowListFor(webhook.url, options.allow, options.consolePort),
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
