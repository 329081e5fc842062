import type { ErrorKind } from "@/db/schema";

/**
 * The delivery rules (DESIGN.md, "Delivery rules"): what an attempt's outcome means for the
 * message, and when the next attempt is due under the webhook's retry policy.
 */

export const DELIVERY_WINDOW_MS = 10 * 24 * 3600 * 1000;
/** A Retry-After longer than this is capped, so one answer cannot park a message for days. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

export interface RetrySettings {
  retryPolicy: "exponential" | "fixed_5x60s" | "5xx_3x5min" | "twenty" | "custom";
  retrySchedule: number[] | null;
  retryOn: "non_2xx" | "5xx";
}

export type AttemptOutcome =
  { status: number; headers: Record<string, string> } | { errorKind: ErrorKind };

export type Verdict =
  | { kind: "success" }
  | { kind: "retry"; at: Date; reason: string }
  | { kind: "failed"; reason: string; disableWebhook?: string };

const EXPONENTIAL_BASE_S = 5;
const EXPONENTIAL_CAP_S = 6 * 3600;

/**
 * Seconds to wait before retry number `retry` (1-based), or null when the policy has no
 * more retries. `random` is injectable for tests; jitter is ±20 % on the backoff policies.
 */
export function retryDelaySeconds(
  settings: RetrySettings,
  retry: number,
  random: () => number = Math.random,
): number | null {
  const jitter = (s: number) => Math.max(1, Math.round(s * (0.8 + 0.4 * random())));
  switch (settings.retryPolicy) {
    case "exponential":
      // 5 s, 10 s, 20 s … up to 6 h apart, until the 10-day window closes.
      return jitter(Math.min(EXPONENTIAL_BASE_S * 2 ** (retry - 1), EXPONENTIAL_CAP_S));
    case "twenty":
      return retry <= 20 ? jitter(Math.min(10 * 2 ** (retry - 1), 3600)) : null;
    case "fixed_5x60s":
      return retry <= 5 ? 60 : null;
    case "5xx_3x5min":
      return retry <= 3 ? 300 : null;
    case "custom":
      return settings.retrySchedule?.[retry - 1] ?? null;
  }
}

/** Which failures the policy retries: the 3 × 5 min preset is Apigee's "5xx only". */
function retriesEvery4xx(settings: RetrySettings) {
  if (settings.retryPolicy === "5xx_3x5min") return false;
  return settings.retryOn === "non_2xx";
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

const describe = (outcome: AttemptOutcome) =>
  "status" in outcome ? `HTTP ${outcome.status}` : outcome.errorKind.replace(/_/g, " ");

/**
 * What happens after attempt number `attempt` (1-based) of a message whose retries end at
 * `deadline`.
 */
export function judgeAttempt(
  outcome: AttemptOutcome,
  settings: RetrySettings,
  attempt: number,
  deadline: Date,
  now: Date,
  random?: () => number,
): Verdict {
  if ("status" in outcome) {
    const { status } = outcome;
    if (status >= 200 && status < 300) return { kind: "success" };
    if (status === 410) {
      return {
        kind: "failed",
        reason: "HTTP 410 Gone",
        disableWebhook: "The endpoint answered 410 Gone",
      };
    }
    const retriable =
      status >= 500 || status === 408 || status === 429 || retriesEvery4xx(settings);
    if (!retriable) return { kind: "failed", reason: `HTTP ${status}, not retried by the policy` };
  } else if (outcome.errorKind === "blocked_address") {
    return { kind: "failed", reason: "The URL resolves to an address webhooks may not reach" };
  }

  const reason = describe(outcome);
  const delay = retryDelaySeconds(settings, attempt, random);
  if (delay === null) return { kind: "failed", reason: `${reason}; no retries left` };
  let waitMs = delay * 1000;
  if ("status" in outcome && (outcome.status === 429 || outcome.status === 503)) {
    const retryAfter = parseRetryAfter(outcome.headers["retry-after"], now);
    if (retryAfter !== null) waitMs = Math.min(retryAfter, MAX_RETRY_AFTER_MS);
  }
  const at = new Date(now.getTime() + waitMs);
  if (at > deadline) return { kind: "failed", reason: `${reason}; the delivery window closed` };
  return { kind: "retry", at, reason };
}
