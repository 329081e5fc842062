import { createHash, createHmac } from "node:crypto";
import { XMLBuilder } from "fast-xml-parser";
import { SignJWT } from "jose";
import qs from "qs";
import type { HeaderEntry, RecordedRequest } from "@/db/schema";
import { isCredentialName, maskUrl, SECRET_MASK } from "@/lib/webhooks/credentials";
import type { OutgoingRequest } from "./http";

/**
 * The HTTP request a webhook receives for a message. Formats and headers are documented in
 * the README ("The request a webhook receives").
 */

import { attemptTraceparent } from "./trace";

export const USER_AGENT = "Hookyard-Webhooks/1.0";

export interface DeliveryTarget {
  id: string;
  name: string;
  url: string;
  method: "POST" | "PUT" | "GET";
  format: "json" | "xml" | "form";
  signing: "standard" | "jwt" | "none";
  /** The plain signing secret (`whsec_…`). */
  secret: string;
  /**
   * The secret a rotation replaced, while its grace period lasts: Standard Webhooks signing
   * adds its signature too, so receivers still on it keep verifying. JWT ignores it.
   */
  previousSecret?: string | null;
  headers: HeaderEntry[];
  customData: Record<string, unknown> | null;
  /** Sends `traceparent` in the event's trace (lib/delivery/trace.ts). */
  forwardTraceparent?: boolean;
}

export interface DeliveryMessage {
  id: string;
  eventId: string | null;
  kind: "event" | "test" | "manual";
  eventType: string;
  product: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** The event's W3C trace context. */
  traceparent?: string | null;
  /**
   * The attempt's span's trace context, when spans are exported (lib/delivery/trace.ts):
   * forwarded as it is. Without it, the attempt forwards a parent id of its own making.
   */
  attemptTraceparent?: string | null;
}

export interface DeliveryHistory {
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
}

const xml = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: true });

/** Element names XML accepts: anything else in a key becomes `_`. */
function xmlSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(xmlSafe);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        /^[A-Za-z_][\w.-]*$/.test(key) ? key : `_${key.replace(/[^\w.-]/g, "_")}`,
        xmlSafe(inner),
      ]),
    );
  }
  return value;
}

const md5Hex = (text: string) => createHash("md5").update(text).digest("hex");
const formEncode = (fields: object) =>
  qs.stringify(fields, { arrayFormat: "brackets", skipNulls: true });
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const CONTENT_TYPES = {
  json: "application/json",
  xml: "application/xml",
  form: "application/x-www-form-urlencoded",
} as const;

/**
 * The seed's Test ping: the payload and an md5 of it. The md5 covers the payload's bytes
 * exactly as they stand in the body, so a receiver of any format checks it on what it got,
 * without re-encoding: JSON, the `payload` value (`{"type":"ping","epoch_timestamp":…}`);
 * XML, what stands between `<payload>` and `</payload>`; form (and a GET's query), everything
 * before `&md5=`.
 */
function encodePing(payload: unknown, format: DeliveryTarget["format"]): string {
  if (format === "json") {
    const covered = JSON.stringify(payload);
    return `{"payload":${covered},"md5":"${md5Hex(covered)}"}`;
  }
  if (format === "xml") {
    const covered: string = xml.build(xmlSafe(payload));
    return `${XML_DECLARATION}<notification><payload>${covered}</payload><md5>${md5Hex(covered)}</md5></notification>`;
  }
  const covered = formEncode({ payload });
  return `${covered}&md5=${md5Hex(covered)}`;
}

/** An event as the fields every format carries. */
function envelope(message: DeliveryMessage, target: DeliveryTarget) {
  return {
    id: message.id,
    event_id: message.eventId,
    type: message.eventType,
    timestamp: message.createdAt.toISOString(),
    product: message.product,
    data: message.payload,
    ...(target.customData ? { custom_data: target.customData } : {}),
  };
}

function encodeBody(message: DeliveryMessage, target: DeliveryTarget) {
  const contentType = CONTENT_TYPES[target.format];
  if (message.kind === "test")
    return { contentType, body: encodePing(message.payload, target.format) };
  if (target.format === "json")
    return { contentType, body: JSON.stringify(envelope(message, target)) };
  if (target.format === "form") return { contentType, body: formEncode(envelope(message, target)) };
  // 3scale's envelope: <event><type>application</type><action>created</action><object>…
  const [type, ...action] = message.eventType.split(".");
  const document = {
    event: {
      id: message.id,
      event_id: message.eventId,
      type,
      action: action.join(".") || undefined,
      timestamp: message.createdAt.toISOString(),
      product: message.product ?? undefined,
      object: message.payload,
      custom_data: target.customData ?? undefined,
    },
  };
  return { contentType, body: `${XML_DECLARATION}${xml.build(xmlSafe(document))}` };
}

/**
 * The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256 of "id.timestamp.body",
 * keyed by the base64 part of the `whsec_` secret. (What the `standardwebhooks` package's
 * `sign` computes — the tests verify with that package — with Node's native HMAC, several
 * times faster than the package's JavaScript SHA-256.)
 */
function standardSignature(secret: string, id: string, seconds: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${seconds}.${body}`).digest("base64")}`;
}

export async function buildRequest(
  target: DeliveryTarget,
  message: DeliveryMessage,
  history: DeliveryHistory,
  now: Date = new Date(),
): Promise<OutgoingRequest> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  let url = target.url;
  let body: string | null = null;
  if (target.method === "GET") {
    // No body on GET: the same fields travel as query parameters.
    const query =
      message.kind === "test"
        ? encodePing(message.payload, "form")
        : formEncode(envelope(message, target));
    url += (url.includes("?") ? "&" : "?") + query;
  } else {
    const encoded = encodeBody(message, target);
    body = encoded.body;
    headers["content-type"] = encoded.contentType;
    headers["content-md5"] = createHash("md5").update(body).digest("base64");
  }
  const seconds = Math.floor(now.getTime() / 1000);
  // The message id is the idempotency key, the same on every retry.
  headers["webhook-id"] = message.id;
  headers["webhook-timestamp"] = String(seconds);
  if (target.signing === "standard") {
    // Several signatures are separated by spaces; a receiver accepts any one that matches.
    headers["webhook-signature"] = [target.secret, target.previousSecret]
      .filter((secret): secret is string => !!secret)
      .map((secret) => standardSignature(secret, message.id, seconds, body ?? ""))
      .join(" ");
  } else if (target.signing === "jwt") {
    const token = await new SignJWT({
      webhook_id: target.id,
      webhook_name: target.name,
      message_id: message.id,
      event_type: message.eventType,
      product_id: message.product,
      triggered_at: now.toISOString(),
      last_success_at: history.lastSuccessAt?.toISOString() ?? null,
      last_failure_at: history.lastFailureAt?.toISOString() ?? null,
      data: target.customData ?? {},
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + 300)
      .sign(new TextEncoder().encode(target.secret));
    headers.authorization = `Bearer ${token}`;
  }
  if (target.forwardTraceparent && message.traceparent) {
    const traceparent = message.attemptTraceparent ?? attemptTraceparent(message.traceparent);
    if (traceparent) headers.traceparent = traceparent;
  }
  const secretHeaders: string[] = [];
  for (const { name, value, secret } of target.headers) {
    headers[name.toLowerCase()] = value;
    if (secret) secretHeaders.push(name.toLowerCase());
  }
  return { url, method: target.method, headers, body, secretHeaders };
}

/** The request as an attempt records it: credentials masked, the body capped. */
export function recordRequest(request: OutgoingRequest, bodyLimit = 64 * 1024): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!isCredentialName(name) && !request.secretHeaders?.includes(name)) headers[name] = value;
    else if (/^bearer /i.test(value)) headers[name] = `Bearer ${SECRET_MASK}`;
    else if (name === "webhook-signature")
      headers[name] = value.replace(/,[^ ]+/g, `,${SECRET_MASK}`);
    else headers[name] = SECRET_MASK;
  }
  return {
    url: maskUrl(request.url),
    method: request.method,
    headers,
    body: (request.body ?? "").slice(0, bodyLimit),
  };
}
