import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";
import { durationToMs } from "inngest";
import type { StoredRun } from "./store";

/**
 * The wire half of the executor: how it signs and calls a function over the SDK's HTTP
 * protocol, and what the answers mean (PROTOCOL.md beside this file has the facts).
 */

export interface FunctionConfig {
  id: string;
  name?: string;
  triggers: { event?: string; expression?: string; cron?: string }[];
  steps: Record<string, { runtime: { url: string }; retries?: { attempts?: number } }>;
  cancel?: { event: string; if?: string; timeout?: string }[];
  concurrency?: { limit: number; key?: string; scope?: string }[];
}

export interface StoredFunction {
  id: string;
  url: string;
  config: FunctionConfig;
}

export interface Op {
  op: string;
  id: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: unknown;
  opts?: Record<string, unknown>;
}

/** How long one call may take before it counts as failed (a step's own time included). */
export const CALL_TIMEOUT_MS = 5 * 60_000;
/** A signature older or newer than this is refused, as the SDK does. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** A new signing key in Inngest's form: `signkey-prod-` and 32 random bytes in hex. */
export function newSigningKey() {
  return `signkey-prod-${randomBytes(32).toString("hex")}`;
}

/** A new event key: 32 random bytes in hex. */
export function newEventKey() {
  return randomBytes(32).toString("hex");
}

/** A signing key as the SDK keeps it: `signkey-<env>-<hex>`; the prefix is not part of the key. */
export function signingKeyBody(signingKey: string) {
  return signingKey.replace(/^signkey-\w+-/, "");
}

/**
 * What the SDK sends as `Authorization: Bearer …` when it registers: the prefix kept, the
 * key's bytes (hex-decoded) hashed with SHA-256.
 */
export function hashedSigningKey(signingKey: string) {
  const prefix = /^signkey-\w+-/.exec(signingKey)?.[0] ?? "";
  return prefix + createHash("sha256").update(signingKeyBody(signingKey), "hex").digest("hex");
}

function hmac(signingKey: string, data: string, timestamp: string) {
  return createHmac("sha256", signingKeyBody(signingKey))
    .update(data)
    .update(timestamp)
    .digest("hex");
}

/**
 * Serializes a request body as RFC 8785 canonical JSON and signs it as Inngest does:
 * `X-Inngest-Signature: t=<seconds>&s=<hex HMAC-SHA256(body + t)>`. Sending the canonical
 * form itself means the bytes on the wire are the bytes signed.
 */
export function signedBody(body: unknown, signingKey: string, now = Date.now()) {
  const text = canonicalize(body) ?? "";
  const timestamp = String(Math.round(now / 1000));
  return { text, signature: `t=${timestamp}&s=${hmac(signingKey, text, timestamp)}` };
}

/**
 * Checks a `t=…&s=…` signature over `text` (the SDK signs its answers over the raw body).
 * False when missing, malformed, stale or wrong.
 */
export function verifySignature(
  header: string | null | undefined,
  text: string,
  signingKey: string,
  now = Date.now(),
) {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const timestamp = params.get("t") ?? "";
  const given = Buffer.from(params.get("s") ?? "", "utf8");
  const seconds = Number(timestamp);
  if (!timestamp || !Number.isFinite(seconds)) return false;
  if (Math.abs(now - seconds * 1000) > SIGNATURE_TOLERANCE_MS) return false;
  const expected = Buffer.from(hmac(signingKey, text, timestamp), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A constant-time comparison of two secrets of any length. */
export function sameSecret(given: string, expected: string) {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export function maxAttempts(fn: StoredFunction) {
  const retries = Object.values(fn.config.steps)[0]?.retries?.attempts ?? 4;
  return retries + 1;
}

/**
 * What a call carries: the triggering event, the memoized steps and the run's context.
 * `ctx.fn_id` stays out (it would switch the SDK to checkpointing against a server API this
 * executor does not have).
 */
export function callBody(
  run: Pick<StoredRun, "id" | "event" | "steps" | "stack" | "attempt">,
  maxAttempts: number,
) {
  return {
    event: run.event,
    events: [run.event],
    steps: run.steps,
    ctx: {
      run_id: run.id,
      attempt: run.attempt,
      max_attempts: maxAttempts,
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack: run.stack, current: run.stack.length },
    },
    version: 2,
  };
}

export interface CallAnswer {
  status: number;
  text: string;
  headers: Headers;
}

/**
 * One signed call of a function for a run: `POST <url>?fnId=…&stepId=…` with its callBody.
 * An answer whose signature does not check out is refused: it did not come from an app
 * holding the signing key.
 */
export async function callFunction(
  fn: StoredFunction,
  run: StoredRun,
  opts: { signingKey: string; stepId?: string; url?: string },
): Promise<CallAnswer> {
  const url = new URL(opts.url ?? fn.url);
  url.searchParams.set("fnId", fn.id);
  url.searchParams.set("stepId", opts.stepId ?? "step");
  const { text: body, signature } = signedBody(callBody(run, maxAttempts(fn)), opts.signingKey);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-inngest-signature": signature,
      "x-inngest-server-kind": "cloud",
    },
    body,
    // A call that never answers is retried like a failed one.
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status === 401) {
    // Not the function failing: counted as no answer, so that runs outlive a key mismatch.
    throw new Error(
      `${url.origin}${url.pathname} refused the signature: do the signing keys match?`,
    );
  }
  if (!verifySignature(response.headers.get("x-inngest-signature"), text, opts.signingKey)) {
    throw new Error(
      `${url.origin}${url.pathname} answered without a valid signature (${response.status})`,
    );
  }
  return { status: response.status, text, headers: response.headers };
}

/** Default step retry backoff: 1 s doubling, at most 5 minutes. */
export function stepBackoffMs(attempt: number) {
  return Math.min(1000 * 2 ** attempt, 5 * 60_000);
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** A sleep's or wait's end: a duration ("30s", "2h", ms) or an instant (an ISO date). */
export function untilFrom(value: unknown): Date {
  if (typeof value === "number") return new Date(Date.now() + value);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(value);
  return new Date(Date.now() + durationToMs(value as never));
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 2000) };
  }
}
