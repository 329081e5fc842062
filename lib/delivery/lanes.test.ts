import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SendResult } from "./http";
import {
  admit,
  BREAKER_FAILING_FOR_MS,
  BREAKER_FIRST_COOLDOWN_MS,
  BREAKER_TRIP_FAILURES,
  PER_WEBHOOK_IN_FLIGHT,
  resetLanes,
} from "./lanes";

/** The breaker and the per-webhook share, driven request by request with a fake clock. */

const answer = (status: number): SendResult => ({
  ok: true,
  status,
  headers: {},
  body: "",
  truncated: false,
  durationMs: 5,
});

/**
 * One request through the lane: admitted, sent, answered with `status`. Null: admitted.
 * A retry unless said otherwise (only failed retries open a circuit).
 */
async function request(
  webhookId: string,
  status: number,
  { force = false, retry = true }: { force?: boolean; retry?: boolean } = {},
) {
  const admission = await admit(webhookId, { force, retry });
  if (!admission.go) return admission;
  admission.sent();
  admission.done(answer(status));
  return null;
}

/** Fails BREAKER_TRIP_FAILURES requests, then one more once they have failed for long enough. */
async function openCircuit(webhookId: string, status = 500) {
  for (let i = 0; i < BREAKER_TRIP_FAILURES; i++)
    expect(await request(webhookId, status)).toBeNull();
  // Not yet: the failures must last BREAKER_FAILING_FOR_MS.
  expect((await admit(webhookId)).go).toBe(true);
  vi.advanceTimersByTime(BREAKER_FAILING_FOR_MS);
  expect(await request(webhookId, status)).toBeNull();
}

beforeEach(() => {
  resetLanes();
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => vi.useRealTimers());

describe("the circuit breaker", () => {
  it("opens on an endpoint failing all its requests, and lets one probe through after the cooldown", async () => {
    await openCircuit("dead");
    const refused = await request("dead", 500);
    expect(refused).toMatchObject({ go: false, reason: expect.stringMatching(/failed 11 of/) });
    expect(refused!.until).toBeGreaterThanOrEqual(Date.now() + BREAKER_FIRST_COOLDOWN_MS - 1);

    vi.advanceTimersByTime(BREAKER_FIRST_COOLDOWN_MS);
    const probe = await admit("dead");
    expect(probe.go).toBe(true);
    // One probe at a time: the others keep waiting while it is out.
    expect((await admit("dead")).go).toBe(false);
    if (probe.go) {
      probe.sent();
      probe.done(answer(200));
    }
    // Its success closes the circuit.
    expect(await request("dead", 200)).toBeNull();
  });

  it("a failed probe doubles the cooldown", async () => {
    await openCircuit("down", 503);
    vi.advanceTimersByTime(BREAKER_FIRST_COOLDOWN_MS);
    expect(await request("down", 503)).toBeNull(); // the probe, failing
    const refused = await request("down", 503);
    expect(refused!.until).toBeGreaterThanOrEqual(Date.now() + 2 * BREAKER_FIRST_COOLDOWN_MS - 1);
  });

  it("stays closed for an endpoint that serves most requests while failing some", async () => {
    // Every message's first attempt fails and its retry succeeds, in runs of failures as
    // batches of new messages come: a run of 10 failures in a row used to open the circuit.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < BREAKER_TRIP_FAILURES; i++) {
        expect(await request("flaky", 200)).toBeNull();
      }
      for (let i = 0; i < BREAKER_TRIP_FAILURES; i++) {
        expect(await request("flaky", 500)).toBeNull();
      }
    }
  });

  it("stays closed through the first failures of a burst, before the retries come back", async () => {
    for (let i = 0; i < 3 * BREAKER_TRIP_FAILURES; i++) {
      expect(await request("burst", 500)).toBeNull();
    }
    vi.advanceTimersByTime(1000);
    for (let i = 0; i < BREAKER_TRIP_FAILURES; i++) expect(await request("burst", 200)).toBeNull();
    vi.advanceTimersByTime(BREAKER_FAILING_FOR_MS);
    expect(await request("burst", 500)).toBeNull();
    expect((await admit("burst")).go).toBe(true);
  });

  it("stays closed while only first attempts fail, however long; a failed retry then opens it", async () => {
    // A burst to an endpoint that refuses every first attempt, the drains too busy to retry.
    for (let second = 0; second < 3 * (BREAKER_FAILING_FOR_MS / 1000); second++) {
      for (let i = 0; i < BREAKER_TRIP_FAILURES; i++) {
        expect(await request("first-only", 500, { retry: false })).toBeNull();
      }
      vi.advanceTimersByTime(1000);
    }
    expect(await request("first-only", 500)).toBeNull();
    expect((await admit("first-only")).go).toBe(false);
  });

  it("forgets an endpoint's failures after a quiet while", async () => {
    for (let i = 0; i < BREAKER_TRIP_FAILURES; i++) await request("quiet", 500);
    vi.advanceTimersByTime(11 * 60_000);
    for (let i = 0; i < BREAKER_TRIP_FAILURES - 1; i++) {
      expect(await request("quiet", 500)).toBeNull();
    }
    expect((await admit("quiet")).go).toBe(true);
  });

  it("an operator's request passes an open circuit", async () => {
    await openCircuit("forced");
    expect((await admit("forced")).go).toBe(false);
    expect(await request("forced", 500, { force: true })).toBeNull();
  });
});

describe("the per-webhook share", () => {
  it("a webhook gets PER_WEBHOOK_IN_FLIGHT requests at once; another webhook is not held", async () => {
    const held = [];
    for (let i = 0; i < PER_WEBHOOK_IN_FLIGHT; i++) {
      const admission = await admit("busy");
      expect(admission.go).toBe(true);
      if (admission.go) admission.sent();
      held.push(admission);
    }
    // A queued request waits for a slot while the lane's requests are quick…
    let queued = false;
    const asked = admit("busy");
    expect(asked).toBeInstanceOf(Promise);
    const waiting = Promise.resolve(asked).then((a) => (queued = a.go));
    await Promise.resolve();
    expect(queued).toBe(false);
    // …and another webhook goes at once, without waiting.
    const other = admit("idle");
    expect(other).not.toBeInstanceOf(Promise);
    expect((await other).go).toBe(true);
    const first = held[0]!;
    if (first.go) first.done(answer(200));
    await waiting;
    expect(queued).toBe(true);
  });
});
