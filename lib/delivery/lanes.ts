import type { SendResult } from "./http";

/**
 * Each webhook's share of this process's outgoing requests, and its circuit breaker.
 *
 * A webhook has at most PER_WEBHOOK_IN_FLIGHT requests in flight in a process, whatever the
 * batches and runs asking. A message that would wait too long for one of them is not kept in
 * memory: it is handed back with a time to come again, spaced out behind the webhook's
 * backlog, and waits in the database.
 *
 * An endpoint failing nearly all its recent attempts (BREAKER_FAILURE_RATE of the last
 * BREAKER_WINDOW, at least BREAKER_TRIP_FAILURES of them, for BREAKER_FAILING_FOR_MS), retries
 * among them, opens its circuit: its messages then wait without attempts while one probe
 * request at a time (after 5 s, then twice as long each time it fails, at most 5 minutes)
 * finds out whether it is back; the first success closes it. A rate rather than a run of
 * failures, as Convoy does: an endpoint that fails some requests and serves the others (first
 * attempts failing, retries succeeding) keeps its circuit closed and drains. And only once a
 * retry has failed too: in a burst to an endpoint that refuses every first attempt, the first
 * attempts alone would open it before the retries (late when the drains are busy) could show
 * that it serves. The state is per process, like Convoy's per-worker breaker: every instance
 * learns for itself.
 */

export const PER_WEBHOOK_IN_FLIGHT = 16;
/**
 * A request out longer than this is handed over (it goes on in the background and records its
 * outcome; the step does not wait for it). An endpoint whose requests take longer hands back
 * the messages that would queue for it, and one that has not finished a request for that long
 * turns away those already queued. Never less than HAND_OVER_AFTER_MS, and relative to how
 * long requests take in this process: under a flood every endpoint answers later, and none of
 * them is the slow one.
 */
export const HAND_OVER_AFTER_MS = 1_000;
let processAverageMs = 0;
/** Between 1 and 4 s. */
export const handOverAfterMs = () => Math.max(HAND_OVER_AFTER_MS, 4 * processAverageMs);
/** Requests in flight in a process, across webhooks. */
export const TOTAL_IN_FLIGHT = 512;
/** The fewest failures that open a circuit. */
export const BREAKER_TRIP_FAILURES = 10;
/** The recent attempts the failure rate is taken over. */
export const BREAKER_WINDOW = 20;
export const BREAKER_FAILURE_RATE = 0.9;
/**
 * …for this long: the first failures of a burst (every first attempt refused, the retries
 * not back yet) do not open it.
 */
export const BREAKER_FAILING_FOR_MS = 5_000;
export const BREAKER_FIRST_COOLDOWN_MS = 5_000;
export const BREAKER_MAX_COOLDOWN_MS = 5 * 60_000;

/**
 * A counting semaphore whose waiters give up when it stalls: when no slot has been released
 * for `stallMs`, every waiter is turned away. A busy but healthy endpoint releases slots all
 * the time and its waiters get them; one whose requests all hang turns its waiters away.
 */
export class Slots {
  inFlight = 0;
  private readonly waiters: ((granted: boolean) => void)[] = [];
  private lastRelease = Date.now();
  private watch: NodeJS.Timeout | undefined;

  constructor(
    readonly limit: number,
    readonly stallMs: () => number,
  ) {}

  get waiting() {
    return this.waiters.length;
  }

  /** A slot at once, if one is free. */
  tryAcquire(): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight++;
    return true;
  }

  /** Resolves true with a slot, or false when the slots stall first. */
  acquire(): Promise<boolean> {
    if (this.inFlight < this.limit) {
      this.inFlight++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.watchStall();
    });
  }

  release() {
    this.lastRelease = Date.now();
    const next = this.waiters.shift();
    if (next) next(true);
    else this.inFlight--;
  }

  private watchStall() {
    if (this.watch) return;
    this.watch = setTimeout(
      () => {
        this.watch = undefined;
        if (!this.waiters.length) return;
        if (Date.now() - this.lastRelease >= this.stallMs()) {
          for (const waiter of this.waiters.splice(0)) waiter(false);
        } else {
          this.watchStall();
        }
      },
      Math.max(10, this.lastRelease + this.stallMs() - Date.now()),
    );
  }
}

type Outcome = "ok" | "failed" | "failed retry";

class Lane {
  readonly slots = new Slots(PER_WEBHOOK_IN_FLIGHT, handOverAfterMs);
  /** The requests in flight, by start time. */
  readonly started = new Set<{ at: number }>();
  /** Moving average of request durations, ms (0: none finished yet). */
  averageMs = 0;
  /** The last BREAKER_WINDOW outcomes, oldest first. */
  readonly recent: Outcome[] = [];
  /** Failures among `recent`, and failed retries among them. */
  failures = 0;
  failedRetries = 0;
  /** Since when the recent outcomes have said "failing" without a break (epoch ms), or 0. */
  failingSince = 0;
  /** When a request last ended (epoch ms). */
  lastDone = Date.now();
  /** The circuit is open until then (epoch ms); 0 when closed. */
  openUntil = 0;
  cooldownMs = BREAKER_FIRST_COOLDOWN_MS;
  probing = false;
  /** When the last message handed back is due: the next one is spaced out behind it. */
  backlogUntil = 0;

  /** What a request is expected to take: the average, or longer if one in flight already has. */
  expectedMs(now: number) {
    let oldest = now;
    for (const { at } of this.started) oldest = Math.min(oldest, at);
    return Math.max(this.averageMs, now - oldest, 1);
  }

  /** A time to come again for a message handed back, behind those handed back before. */
  later(base: number, now: number) {
    const spacing = this.expectedMs(now) / PER_WEBHOOK_IN_FLIGHT;
    this.backlogUntil = Math.max(base, this.backlogUntil) + spacing;
    return this.backlogUntil;
  }

  /** Records an outcome; true when the recent ones say the endpoint is down. */
  record(outcome: Outcome, now: number) {
    this.count(outcome, 1);
    this.recent.push(outcome);
    if (this.recent.length > BREAKER_WINDOW) this.count(this.recent.shift()!, -1);
    const failing =
      this.failures >= BREAKER_TRIP_FAILURES &&
      this.failures >= BREAKER_FAILURE_RATE * this.recent.length;
    if (!failing) this.failingSince = 0;
    else if (!this.failingSince) this.failingSince = now;
    return failing && this.failedRetries > 0 && now - this.failingSince >= BREAKER_FAILING_FOR_MS;
  }

  private count(outcome: Outcome, by: 1 | -1) {
    if (outcome !== "ok") this.failures += by;
    if (outcome === "failed retry") this.failedRetries += by;
  }

  /** Nothing in flight or queued, nothing handed back still to come, and quiet for a while. */
  idle(now: number) {
    return (
      this.slots.inFlight === 0 &&
      this.slots.waiting === 0 &&
      this.backlogUntil < now &&
      now - Math.max(this.lastDone, this.openUntil) > LANE_FORGET_AFTER_MS
    );
  }
}

/** A webhook's lane (its recent outcomes) is forgotten after this long without requests. */
const LANE_FORGET_AFTER_MS = 10 * 60_000;
const lanes = new Map<string, Lane>();
let lastForget = Date.now();

/** Forgets the lanes of webhooks that have had no requests for a while (once a minute). */
function forgetIdleLanes(now: number) {
  if (now - lastForget < 60_000) return;
  lastForget = now;
  for (const [id, lane] of lanes) if (lane.idle(now)) lanes.delete(id);
}
const total = new Slots(TOTAL_IN_FLIGHT, handOverAfterMs);

export type Admission =
  | {
      go: true;
      /** The request went out on a socket: its time counts from here. */
      sent: () => void;
      done: (result: SendResult | null) => void;
    }
  | { go: false; until: number; reason: string };

/** An endpoint failure for the breaker: no answer, or an answer saying it cannot serve. */
const failing = (result: SendResult | null) =>
  !result ||
  (result.ok
    ? result.status >= 500 || result.status === 429 || result.status === 408
    : result.errorKind !== "blocked_address" && result.errorKind !== "build");

/**
 * A request to `webhookId` may go when it gets one of the webhook's slots and one of the
 * process's, and the webhook's circuit is closed (or this request is its probe). Otherwise
 * the message comes again at `until` (epoch ms). `force` (a Test ping, an operator's Retry)
 * passes the breaker; `retry`: the message was attempted before (only then does a failure
 * count toward opening the circuit).
 */
export function admit(
  webhookId: string,
  { force = false, retry = false }: { force?: boolean; retry?: boolean } = {},
): Admission | Promise<Admission> {
  forgetIdleLanes(Date.now());
  let lane = lanes.get(webhookId);
  if (!lane) {
    lane = new Lane();
    lanes.set(webhookId, lane);
  }
  const now = Date.now();
  let probe = false;
  if (lane.openUntil && !force) {
    if (now < lane.openUntil || lane.probing) return breakerWait(lane, now);
    probe = lane.probing = true;
  }
  // The common case, both slots free, answers at once.
  if (lane.slots.tryAcquire()) {
    if (total.tryAcquire()) return granted(lane, probe, retry);
    lane.slots.release();
  }
  return queued(lane, { probe, force, retry }, now);
}

/** A message of an open circuit comes again after the cooldown, behind the others. */
function breakerWait(lane: Lane, now: number): Admission {
  return {
    go: false,
    until: lane.later(lane.openUntil, now),
    reason: `The endpoint failed ${lane.failures} of its last ${lane.recent.length} attempts; waiting for a probe request to succeed`,
  };
}

/** Waits for the webhook's slot and the process's, or hands the message back. */
async function queued(
  lane: Lane,
  { probe, force, retry }: { probe: boolean; force: boolean; retry: boolean },
  now: number,
): Promise<Admission> {
  // Queues for a slot only behind quick requests and not for long: a slow endpoint's backlog
  // is handed back at once instead of holding the batch.
  const full = lane.slots.inFlight >= lane.slots.limit;
  const queue = !full || lane.expectedMs(now) <= handOverAfterMs();
  const gotLane = queue && (await lane.slots.acquire());
  const gotTotal = gotLane && (await total.acquire());
  if (!gotTotal) {
    if (gotLane) lane.slots.release();
    if (probe) lane.probing = false;
    return {
      go: false,
      until: lane.later(Date.now(), Date.now()),
      reason: `Waiting for a free slot: ${PER_WEBHOOK_IN_FLIGHT} requests to this endpoint in flight`,
    };
  }
  // The circuit opened while this request waited: it waits like the others.
  if (lane.openUntil && !probe && !force) {
    total.release();
    lane.slots.release();
    return breakerWait(lane, Date.now());
  }
  return granted(lane, probe, retry);
}

/** Whether the webhook's circuit is open in this process (tests, and what the Logs may say). */
export function circuitOpen(webhookId: string) {
  return (lanes.get(webhookId)?.openUntil ?? 0) > 0;
}

/** A request admitted to `held`'s slot and one of the process's. */
function granted(held: Lane, probe: boolean, retry: boolean): Admission {
  // Times count from when the request goes out, not from a wait for this process's own
  // connections: under a flood every endpoint would look slow.
  const start = { at: Infinity };
  return {
    go: true,
    sent() {
      start.at = Date.now();
      held.started.add(start);
    },
    done(result) {
      total.release();
      held.slots.release();
      if (held.started.delete(start)) {
        const took = Date.now() - start.at;
        held.averageMs = held.averageMs ? held.averageMs * 0.8 + took * 0.2 : took;
        // Capped, so slow and hanging endpoints cannot raise the bar they are measured by.
        const sample = Math.min(took, HAND_OVER_AFTER_MS);
        processAverageMs = processAverageMs ? processAverageMs * 0.99 + sample * 0.01 : sample;
      }
      const failed = failing(result);
      const down = held.record(failed ? (retry ? "failed retry" : "failed") : "ok", Date.now());
      if (failed) {
        if (probe || (!held.openUntil && down)) {
          if (probe) held.cooldownMs = Math.min(held.cooldownMs * 2, BREAKER_MAX_COOLDOWN_MS);
          held.openUntil = Date.now() + held.cooldownMs;
        }
      } else {
        held.backlogUntil = 0;
        if (held.openUntil) {
          // A success closes the circuit and starts the count afresh.
          held.recent.length = 0;
          held.failures = 0;
          held.failedRetries = 0;
          held.failingSince = 0;
          held.openUntil = 0;
          held.cooldownMs = BREAKER_FIRST_COOLDOWN_MS;
        }
      }
      if (probe) held.probing = false;
      held.lastDone = Date.now();
    },
  };
}

/** Forgets every webhook's state (tests). */
export function resetLanes() {
  lanes.clear();
}
