import { and, count, desc, eq, lt, max, sql } from "drizzle-orm";
import { decodeJwt, jwtVerify } from "jose";
import { Webhook as StandardWebhook } from "standardwebhooks";
import type { Executor } from "@/db";
import { inboxRequests, messages, webhooks, type InboxSignature } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";

/**
 * The built-in Inbox: an endpoint that records whatever is sent to it, so a new user can
 * watch webhooks arrive without another service (3scale's docs send people to RequestBin).
 */

export const INBOX_NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Bodies are kept up to this size; the rest is dropped and the request marked truncated. */
export const INBOX_BODY_LIMIT = 256 * 1024;
/** Each inbox keeps its newest requests only. */
export const INBOX_KEEP = 200;
/**
 * Inboxes at most (names with requests kept): with INBOX_KEEP and INBOX_BODY_LIMIT, what the
 * Inbox can hold is bounded (20 × 200 × 256 KiB, 1 GiB at worst). Clearing one frees its name.
 */
export const INBOX_MAX_NAMES = 20;

/**
 * The secrets a webhook signs with now: its own, and the one a rotation replaced while the
 * grace period lasts. Empty when there is no such webhook.
 */
async function secretsOfWebhook(db: Executor, webhookId: string | null, now = new Date()) {
  if (!webhookId) return [];
  const [row] = await db
    .select({
      secret: webhooks.secretEncrypted,
      previous: webhooks.previousSecretEncrypted,
      previousUntil: webhooks.previousSecretExpiresAt,
    })
    .from(webhooks)
    .where(eq(webhooks.id, webhookId));
  if (!row) return [];
  const previousValid = row.previous && row.previousUntil && row.previousUntil > now;
  return [row.secret, ...(previousValid ? [row.previous!] : [])].map((s) => decryptSecret(s));
}

/**
 * Checks a request's signature the way its receiver would, with the secret of the webhook
 * that sent it (found from the message id, or the JWT's webhook_id claim).
 */
export async function verifyInboxSignature(
  db: Executor,
  headers: Record<string, string>,
  body: string,
): Promise<InboxSignature> {
  const messageId = headers["webhook-id"];
  if (messageId && headers["webhook-signature"]) {
    const [message] = await db
      .select({ webhookId: messages.webhookId })
      .from(messages)
      .where(eq(messages.id, messageId));
    const webhookId = message?.webhookId ?? null;
    const secrets = await secretsOfWebhook(db, webhookId);
    if (!secrets.length) {
      return {
        scheme: "standard",
        verified: false,
        webhookId,
        detail: "Not sent by a webhook of this console",
      };
    }
    // The signature covers the raw body whatever its format: no JSON parse after the check.
    let failure = "";
    for (const secret of secrets) {
      try {
        new StandardWebhook(secret).verify(body, headers, { jsonParse: false });
        return { scheme: "standard", verified: true, webhookId, detail: "Signature verified" };
      } catch (error) {
        failure ||= (error as Error).message;
      }
    }
    return { scheme: "standard", verified: false, webhookId, detail: failure };
  }
  const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  if (token && token.split(".").length === 3) {
    let webhookId: string | null = null;
    try {
      const claim = decodeJwt(token).webhook_id;
      webhookId = typeof claim === "string" ? claim : null;
    } catch {
      return { scheme: "jwt", verified: false, webhookId, detail: "The bearer token is not a JWT" };
    }
    // JWT signs with the current secret only, also during a rotation's grace period.
    const [secret] = await secretsOfWebhook(db, webhookId);
    if (!secret) {
      return {
        scheme: "jwt",
        verified: false,
        webhookId,
        detail: "Not sent by a webhook of this console",
      };
    }
    try {
      await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ["HS256"] });
      return { scheme: "jwt", verified: true, webhookId, detail: "JWT verified" };
    } catch (error) {
      return { scheme: "jwt", verified: false, webhookId, detail: (error as Error).message };
    }
  }
  return { scheme: "none" };
}

export interface IncomingInboxRequest {
  inbox: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body up to INBOX_BODY_LIMIT (lib/util/read-body.ts reads no further). */
  body: string;
  /** The body's whole size in bytes, and whether it was longer than what is kept. */
  size: number;
  truncated: boolean;
  answeredStatus: number;
}

/**
 * Stores a request with its signature check, and drops the inbox's oldest beyond the limit.
 * Null when the request would open an inbox past INBOX_MAX_NAMES.
 */
export async function recordInboxRequest(db: Executor, input: IncomingInboxRequest) {
  const signature = await verifyInboxSignature(db, input.headers, input.body);
  const { rows } = await db.execute<{ id: number }>(sql`
    insert into ${inboxRequests} (inbox, method, url, headers, body, size, truncated, signature, answered_status)
    select ${input.inbox}, ${input.method}, ${input.url}, ${JSON.stringify(input.headers)}::jsonb,
      ${input.body}, ${Math.min(input.size, 2 ** 31 - 1)}, ${input.truncated}, ${JSON.stringify(signature)}::jsonb,
      ${input.answeredStatus}
    where exists (select 1 from ${inboxRequests} where ${inboxRequests.inbox} = ${input.inbox})
       or (select count(distinct ${inboxRequests.inbox}) from ${inboxRequests}) < ${INBOX_MAX_NAMES}
    returning id`);
  const [row] = rows;
  if (!row) return null;
  await db.execute(sql`
    delete from ${inboxRequests}
    where ${inboxRequests.inbox} = ${input.inbox}
      and ${inboxRequests.id} <= (
        select ${inboxRequests.id} from ${inboxRequests}
        where ${inboxRequests.inbox} = ${input.inbox}
        order by ${inboxRequests.id} desc offset ${INBOX_KEEP} limit 1)`);
  return { id: Number(row.id) };
}

export function listInboxes(db: Executor) {
  return db
    .select({
      inbox: inboxRequests.inbox,
      requests: count(),
      lastReceivedAt: max(inboxRequests.receivedAt),
    })
    .from(inboxRequests)
    .groupBy(inboxRequests.inbox)
    .orderBy(desc(max(inboxRequests.receivedAt)));
}

export function listInboxRequests(db: Executor, inbox: string, limit = 50, before?: number) {
  return db
    .select()
    .from(inboxRequests)
    .where(and(eq(inboxRequests.inbox, inbox), before ? lt(inboxRequests.id, before) : undefined))
    .orderBy(desc(inboxRequests.id))
    .limit(limit);
}

export async function clearInbox(db: Executor, inbox: string) {
  await db.delete(inboxRequests).where(eq(inboxRequests.inbox, inbox));
}
