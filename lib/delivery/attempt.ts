import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { attempts, messages, webhooks, type MessageStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/mutations";
import { decryptSecret } from "@/lib/crypto/secrets";
import { allowListFor } from "@/lib/inbox/self-target";
import { deliveriesPausedSql } from "@/lib/settings/settings";
import { countAttempt } from "@/lib/stats/record";
import { buildRequest, recordRequest } from "./build-request";
import { sendWebhookRequest } from "./http";
import { judgeAttempt, type AttemptOutcome } from "./policy";

/** Five days of failures with no success in between disables a webhook. */
export const AUTO_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;
/**
 * How often a message of a disabled webhook or of paused deliveries looks again: soon for
 * a young message (a resume that raced its wake-up costs seconds, not minutes), then half
 * its age, at most every 10 minutes (a long pause does not keep the database busy).
 */
export const WAITING_RECHECK_MS = 10 * 60_000;
export const waitingRecheckMs = (ageMs: number) =>
  Math.min(WAITING_RECHECK_MS, Math.max(30_000, ageMs / 2));

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

const SYSTEM_ACTOR = { id: null, email: "Hookyard" };

/**
 * One delivery attempt of a message with its webhook's current settings, recorded with its
 * outcome. The message's status, the webhook's health and, when the rules say so, the
 * webhook's enabled flag change in one transaction with the attempt.
 */
export async function attemptMessage(
  db: Executor,
  messageId: string,
  options: AttemptOptions = {},
): Promise<AttemptReport> {
  const clock = options.now ?? (() => new Date());
  const [row] = await db
    .select({ message: messages, webhook: webhooks, paused: deliveriesPausedSql })
    .from(messages)
    .innerJoin(webhooks, eq(webhooks.id, messages.webhookId))
    .where(eq(messages.id, messageId));
  if (!row) return { verdict: "skipped", reason: "The message or its webhook no longer exists" };
  const { message, webhook, paused } = row;
  if (message.status !== "created" && message.status !== "retrying") {
    return { verdict: "skipped", reason: `The message is already ${message.status}` };
  }
  const start = clock();

  // A disabled webhook's messages, and every message while deliveries are paused, wait.
  if (!webhook.enabled || paused) {
    const reason = paused ? "Deliveries are paused" : "The webhook is disabled";
    if (start >= message.deadlineAt) {
      await db
        .update(messages)
        .set({
          status: "failed",
          lastError: `${reason} until the delivery window closed`,
          finishedAt: start,
        })
        .where(eq(messages.id, messageId));
      return { verdict: "failed", status: "failed", reason };
    }
    const nextAt = new Date(
      Math.min(
        start.getTime() + waitingRecheckMs(start.getTime() - message.createdAt.getTime()),
        message.deadlineAt.getTime(),
      ),
    );
    await db.update(messages).set({ nextAttemptAt: nextAt }).where(eq(messages.id, messageId));
    return { verdict: "waiting", status: message.status, nextAt: nextAt.toISOString(), reason };
  }

  const request = await buildRequest(
    {
      id: webhook.id,
      name: webhook.name,
      url: webhook.url,
      method: webhook.method,
      format: webhook.format,
      signing: webhook.signing,
      secret: decryptSecret(webhook.secretEncrypted),
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
  const number = message.attempts + 1;
  let verdict = judgeAttempt(outcome, webhook, number, message.deadlineAt, now, options.random);
  // A Test ping is a check, not a delivery: one attempt, its answer is the result.
  const isTest = message.kind === "test";
  if (isTest && verdict.kind === "retry") verdict = { kind: "failed", reason: verdict.reason };
  const status: MessageStatus =
    verdict.kind === "success" ? "success" : verdict.kind === "retry" ? "retrying" : "failed";
  const succeeded = verdict.kind === "success";

  await db.transaction(async (tx) => {
    const [recorded] = await tx
      .insert(attempts)
      .values({
        messageId,
        webhookId: webhook.id,
        // After a crash a step may run twice: the number then moves on instead of clashing.
        number: sql`(select coalesce(max(${attempts.number}), 0) + 1 from ${attempts} where ${attempts.messageId} = ${messageId})`,
        startedAt: start,
        durationMs: result.durationMs,
        request: recordRequest(request),
        responseStatus: result.ok ? result.status : null,
        responseHeaders: result.ok ? result.headers : null,
        responseBody: result.ok ? result.body : null,
        errorKind: result.ok ? null : result.errorKind,
        errorMessage: result.ok ? null : result.error.slice(0, 1000),
        success: succeeded,
      })
      .returning({ number: attempts.number });
    await countAttempt(tx, {
      webhookId: webhook.id,
      messageId,
      number: recorded!.number,
      startedAt: start,
      durationMs: result.durationMs,
      success: succeeded,
    });
    await tx
      .update(messages)
      .set({
        status,
        attempts: sql`${messages.attempts} + 1`,
        lastAttemptAt: start,
        lastResponseStatus: result.ok ? result.status : null,
        lastError: verdict.kind === "success" ? null : verdict.reason,
        nextAttemptAt: verdict.kind === "retry" ? verdict.at : null,
        finishedAt: verdict.kind === "retry" ? null : now,
      })
      .where(eq(messages.id, messageId));

    const failingSince = succeeded ? null : (webhook.failingSince ?? start);
    const failingTooLong =
      !succeeded && now.getTime() - (failingSince ?? now).getTime() >= AUTO_DISABLE_AFTER_MS;
    const disableReason =
      verdict.kind === "failed" && verdict.disableWebhook
        ? verdict.disableWebhook
        : verdict.kind === "failed" && isTest && webhook.disableOnFailedTest
          ? `The Test ping failed: ${verdict.reason}`
          : failingTooLong
            ? "Deliveries kept failing for 5 days"
            : null;
    await tx
      .update(webhooks)
      .set({
        ...(succeeded ? { lastSuccessAt: start } : { lastFailureAt: start }),
        failingSince,
        ...(disableReason ? { enabled: false, disabledReason: disableReason } : {}),
      })
      .where(eq(webhooks.id, webhook.id));
    if (disableReason && webhook.enabled) {
      await recordAudit(tx, SYSTEM_ACTOR, {
        entityType: "webhook",
        entityId: webhook.id,
        action: "disabled",
        changes: {
          enabled: { from: true, to: false },
          disabledReason: { from: null, to: disableReason },
        },
      });
    }
  });

  if (verdict.kind === "retry") {
    return { verdict: "retry", status, nextAt: verdict.at.toISOString(), reason: verdict.reason };
  }
  return {
    verdict: verdict.kind,
    status,
    ...(verdict.kind === "failed" ? { reason: verdict.reason } : {}),
  };
}
