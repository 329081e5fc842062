import { describe, expect, it } from "vitest";
import { judgeAttempt, parseRetryAfter, retryDelaySeconds, type RetrySettings } from "./policy";

const now = new Date("2026-11-24T12:00:00Z");
const deadline = new Date(now.getTime() + 10 * 24 * 3600 * 1000);
const exponential: RetrySettings = {
  retryPolicy: "exponential",
  retrySchedule: null,
  retryOn: "non_2xx",
};
const mid = () => 0.5; // no jitter
const http = (status: number, headers: Record<string, string> = {}) => ({ status, headers });

describe("judgeAttempt", () => {
  it("2xx is success", () => {
    for (const status of [200, 201, 202, 204, 299]) {
      expect(judgeAttempt(http(status), exponential, 1, deadline, now).kind).toBe("success");
    }
  });

  it("410 Gone fails the message and disables the webhook", () => {
    expect(judgeAttempt(http(410), exponential, 1, deadline, now)).toEqual({
      kind: "failed",
      reason: "HTTP 410 Gone",
      disableWebhook: "The endpoint answered 410 Gone",
    });
  });

  it("retries 5xx, 408, 429, timeouts and network errors under every policy", () => {
    const fiveXxOnly: RetrySettings = { ...exponential, retryOn: "5xx" };
    for (const outcome of [
      http(500),
      http(502),
      http(408),
      http(429),
      { errorKind: "timeout" as const },
      { errorKind: "connection_refused" as const },
      { errorKind: "dns" as const },
      { errorKind: "tls" as const },
    ]) {
      expect(judgeAttempt(outcome, fiveXxOnly, 1, deadline, now, mid)).toMatchObject({
        kind: "retry",
        at: new Date(now.getTime() + 5000),
      });
    }
  });

  it("retries other 4xx and 3xx only when the policy retries every non-2xx", () => {
    expect(judgeAttempt(http(404), exponential, 1, deadline, now).kind).toBe("retry");
    expect(judgeAttempt(http(302), exponential, 1, deadline, now).kind).toBe("retry");
    expect(judgeAttempt(http(404), { ...exponential, retryOn: "5xx" }, 1, deadline, now)).toEqual({
      kind: "failed",
      reason: "HTTP 404, not retried by the policy",
    });
    const apigee: RetrySettings = {
      retryPolicy: "5xx_3x5min",
      retrySchedule: null,
      retryOn: "non_2xx",
    };
    expect(judgeAttempt(http(400), apigee, 1, deadline, now).kind).toBe("failed");
    expect(judgeAttempt(http(500), apigee, 1, deadline, now)).toMatchObject({
      kind: "retry",
      at: new Date(now.getTime() + 300_000),
    });
  });

  it("honours Retry-After on 429 and 503, in seconds or as a date", () => {
    expect(
      judgeAttempt(http(429, { "retry-after": "120" }), exponential, 1, deadline, now, mid),
    ).toMatchObject({ kind: "retry", at: new Date(now.getTime() + 120_000) });
    const date = new Date(now.getTime() + 3_600_000).toUTCString();
    expect(
      judgeAttempt(http(503, { "retry-after": date }), exponential, 1, deadline, now, mid),
    ).toMatchObject({ kind: "retry", at: new Date(now.getTime() + 3_600_000) });
    // Capped at a day; a garbled value falls back to the schedule.
    expect(
      judgeAttempt(http(503, { "retry-after": "9999999" }), exponential, 1, deadline, now, mid),
    ).toMatchObject({ at: new Date(now.getTime() + 24 * 3_600_000) });
    expect(
      judgeAttempt(http(503, { "retry-after": "soon" }), exponential, 1, deadline, now, mid),
    ).toMatchObject({ at: new Date(now.getTime() + 5000) });
  });

  it("refuses blocked addresses without retrying", () => {
    expect(judgeAttempt({ errorKind: "blocked_address" }, exponential, 1, deadline, now).kind).toBe(
      "failed",
    );
  });

  it("fails once the retries run out or the 10-day window closes", () => {
    const fixed: RetrySettings = {
      retryPolicy: "fixed_5x60s",
      retrySchedule: null,
      retryOn: "non_2xx",
    };
    expect(judgeAttempt(http(500), fixed, 5, deadline, now).kind).toBe("retry");
    expect(judgeAttempt(http(500), fixed, 6, deadline, now)).toEqual({
      kind: "failed",
      reason: "HTTP 500; no retries left",
    });
    const soon = new Date(now.getTime() + 1000);
    expect(judgeAttempt(http(500), exponential, 1, soon, now, mid)).toEqual({
      kind: "failed",
      reason: "HTTP 500; the delivery window closed",
    });
  });
});

describe("retry schedules", () => {
  it("exponential grows from seconds to hours and lasts the 10 days", () => {
    const delays: number[] = [];
    let total = 0;
    for (let retry = 1; total < 10 * 24 * 3600; retry++) {
      const delay = retryDelaySeconds(exponential, retry, mid)!;
      delays.push(delay);
      total += delay;
    }
    expect(delays.slice(0, 4)).toEqual([5, 10, 20, 40]);
    expect(Math.max(...delays)).toBe(6 * 3600);
    expect(delays.length).toBeGreaterThan(30);
  });

  it("jitters the backoff by at most a fifth", () => {
    expect(retryDelaySeconds(exponential, 5, () => 0)).toBe(64);
    expect(retryDelaySeconds(exponential, 5, () => 0.999999)).toBe(96);
  });

  it("the presets and a custom schedule", () => {
    const settings = (
      retryPolicy: RetrySettings["retryPolicy"],
      retrySchedule: number[] | null = null,
    ) => ({ retryPolicy, retrySchedule, retryOn: "non_2xx" }) as RetrySettings;
    const all = (s: RetrySettings) => {
      const out: number[] = [];
      for (let n = 1; n < 100; n++) {
        const d = retryDelaySeconds(s, n, mid);
        if (d === null) break;
        out.push(d);
      }
      return out;
    };
    expect(all(settings("fixed_5x60s"))).toEqual([60, 60, 60, 60, 60]);
    expect(all(settings("5xx_3x5min"))).toEqual([300, 300, 300]);
    expect(all(settings("twenty"))).toHaveLength(20);
    expect(all(settings("custom", [60, 300, 900]))).toEqual([60, 300, 900]);
  });

  it("parses Retry-After", () => {
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter(new Date(now.getTime() - 5000).toUTCString(), now)).toBe(0);
  });
});
