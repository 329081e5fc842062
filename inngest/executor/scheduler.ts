import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import type { Pool } from "pg";
import { advance, type Caller } from "./ops";
import type { StoredFunction } from "./protocol";
import {
  inTransaction,
  pruneFinished,
  renewLeases,
  saveRun,
  type InngestEvent,
  type StoredRun,
} from "./store";

/**
 * Decides which run goes next and makes sure only one executor drives it. A claim takes a
 * lease on the run (owner + expiry) in the same statement that marks it running; the lease is
 * renewed while the call is in flight and released when its outcome is saved. A run whose
 * lease expired — its executor crashed or lost the database — is claimed again by any
 * executor. Claims are serialized across executors by a transaction-scoped advisory lock, so
 * two executors never both fill the same concurrency key's last slot.
 */

export interface SchedulerOptions {
  pool: Pool;
  caller: Caller;
  functions: () => Map<string, StoredFunction>;
  log: (line: string) => void;
  /** How many function calls this executor may have in flight at once. */
  maxInFlight: number;
  pollMs: number;
  /** How long a claim holds a run without renewal. */
  leaseMs: number;
  /** Finished runs and consumed events older than this are deleted. */
  retentionMs: number;
  /** How often pruning runs. */
  pruneEveryMs: number;
}

const PRUNE_BATCH = 5000;
const CLAIM_LOCK = "hashtext('hookyard.executor.claim')";

/** How many calls of a function's runs may be in flight per concurrency key. */
function limitOf(fn: StoredFunction | undefined) {
  return fn?.config.concurrency?.[0]?.limit ?? Infinity;
}

/** A cron trigger's schedule: five or six fields, optionally prefixed `TZ=Area/City `. */
export function cronSchedule(expression: string): Cron {
  const match = /^(?:(?:TZ|CRON_TZ)=(\S+)\s+)?(.+)$/.exec(expression.trim())!;
  return new Cron(match[2]!, { paused: true, timezone: match[1] });
}

/** When a cron trigger fires next after `from`. */
export function nextCronRun(expression: string, from: Date): Date {
  const next = cronSchedule(expression).nextRun(from);
  if (!next) throw new Error(`cron "${expression}" never fires`);
  return next;
}

export class Scheduler {
  /** This executor's name on the leases it holds: new for every process. */
  readonly owner = randomUUID();
  private stopped = false;
  private abandoned = false;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private wakeUp?: () => void;
  private looping?: Promise<void>;
  private lastCronCheck = 0;
  private pruner?: NodeJS.Timeout;
  private pruning = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Runs this executor has claimed since it started. */
  claimed = 0;

  constructor(private readonly o: SchedulerOptions) {}

  start() {
    this.looping = this.loop();
    // Beside the claim loop, not in it: a long backlog to prune never delays a delivery.
    this.pruner = setInterval(() => void this.prune(), this.o.pruneEveryMs);
    this.heartbeat = setInterval(
      () =>
        void renewLeases(this.o.pool, this.owner, [...this.inFlight.keys()], this.o.leaseMs).catch(
          (error: unknown) =>
            this.o.log(`[executor] lease renewal failed: ${(error as Error).message}`),
        ),
      Math.max(50, Math.floor(this.o.leaseMs / 3)),
    );
  }

  wake() {
    this.wakeUp?.();
  }

  /**
   * No claim starts after this; calls in flight finish and their outcomes are saved. Past
   * `deadlineMs` the calls still running are left as a crash would leave them: their leases
   * expire and another executor (or the next start) takes their runs over. Returns how many
   * were left.
   */
  async stop(deadlineMs = Infinity) {
    this.stopped = true;
    clearInterval(this.pruner);
    this.wake();
    clearTimeout(this.timer);
    await this.looping;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.allSettled([...this.inFlight.values()]).then(() => true),
      new Promise<boolean>((resolve) => {
        if (Number.isFinite(deadlineMs)) timer = setTimeout(() => resolve(false), deadlineMs);
      }),
    ]);
    clearTimeout(timer);
    const left = finished ? 0 : this.inFlight.size;
    if (left) this.abandon();
    clearInterval(this.heartbeat);
    return left;
  }

  /** Drops every call in flight without saving, as a crash would (for tests). */
  abandon() {
    this.stopped = this.abandoned = true;
    this.wake();
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    clearInterval(this.pruner);
  }

  private async loop() {
    while (!this.stopped) {
      let claimed = 0;
      try {
        await this.fireCrons();
        claimed = await this.claimAndRun();
      } catch (error) {
        this.loopFailed(error as Error);
      }
      if (claimed === 0 || this.inFlight.size >= this.o.maxInFlight) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          this.timer = setTimeout(resolve, this.o.pollMs);
        });
      }
    }
  }

  private lastLoopError = { message: "", at: 0 };

  /** A database that is gone fails every poll: said once, then every 30 s while it lasts. */
  private loopFailed(error: Error) {
    const now = Date.now();
    if (error.message === this.lastLoopError.message && now - this.lastLoopError.at < 30_000)
      return;
    this.lastLoopError = { message: error.message, at: now };
    this.o.log(`[executor] loop error: ${error.stack}`);
  }

  /**
   * Starts a run of each cron trigger that is due, with Inngest's `inngest/scheduled.timer`
   * event, once per due time even with several executors on one database. A schedule missed
   * while everything was down fires once, not once per missed time.
   */
  private async fireCrons() {
    if (Date.now() - this.lastCronCheck < 1000) return;
    this.lastCronCheck = Date.now();
    const functions = this.o.functions();
    await inTransaction(this.o.pool, async (client) => {
      const { rows } = await client.query<{ function_id: string; cron: string; next_at: Date }>(
        "select function_id, cron, next_at from executor.crons where next_at <= now() for update skip locked",
      );
      for (const row of rows) {
        if (functions.has(row.function_id)) {
          const event: InngestEvent = {
            id: randomUUID(),
            name: "inngest/scheduled.timer",
            data: { cron: row.cron },
            ts: row.next_at.getTime(),
          };
          await client.query(
            "insert into executor.runs (id, function_id, event, status, next_at) values ($1, $2, $3, 'queued', now())",
            [randomUUID(), row.function_id, JSON.stringify(event)],
          );
        }
        await client.query(
          "update executor.crons set next_at = $3 where function_id = $1 and cron = $2",
          [row.function_id, row.cron, nextCronRun(row.cron, new Date())],
        );
      }
    });
  }

  private async prune() {
    if (this.pruning) return;
    this.pruning = true;
    try {
      const pruned = await pruneFinished(this.o.pool, {
        olderThanMs: this.o.retentionMs,
        batch: PRUNE_BATCH,
      });
      if (pruned.runs || pruned.events)
        this.o.log(`[executor] pruned ${pruned.runs} finished runs and ${pruned.events} events`);
    } catch (error) {
      this.o.log(`[executor] pruning failed: ${(error as Error).message}`);
    } finally {
      this.pruning = false;
    }
  }

  /** Claims runs that may go now, within concurrency limits, and starts their calls. */
  private async claimAndRun(): Promise<number> {
    const room = this.o.maxInFlight - this.inFlight.size;
    if (room <= 0) return 0;
    const functions = this.o.functions();
    const runs = await inTransaction(this.o.pool, async (client) => {
      await client.query(`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
      // Sleeps that ended and waits that timed out resume with a null step result.
      await client.query(`
        update executor.runs set
          status = 'queued',
          steps = steps || jsonb_build_object(coalesce(sleep_step, wait->>'step'), null),
          stack = array_append(stack, coalesce(sleep_step, wait->>'step')),
          sleep_step = null, wait = null, updated_at = now()
        where status in ('sleeping', 'waiting') and next_at <= now()`);
      // A cancelled run whose executor died mid-call is not called again.
      await client.query(`
        update executor.runs set status = 'cancelled', lease_owner = null, lease_until = null,
          updated_at = now()
        where status = 'running' and lease_until < now() and (error->>'cancelled')::boolean`);
      // Keys already at their limit are skipped in the query itself: however many runs of
      // one key wait at the head of the queue, the runs of every other key still come through.
      const busy = new Map<string, number>();
      const full: string[] = [];
      const { rows: counts } = await client.query<{ key: string; fn: string; n: number }>(
        `select concurrency_key as key, min(function_id) as fn, count(*)::int as n
         from executor.runs
         where status = 'running' and lease_until >= now() and concurrency_key is not null
         group by 1`,
      );
      for (const c of counts) {
        busy.set(c.key, c.n);
        if (c.n >= limitOf(functions.get(c.fn))) full.push(c.key);
      }
      // Due runs first, then runs whose executor stopped renewing its lease.
      const { rows } = await client.query<StoredRun>(
        `(select * from executor.runs where status = 'queued' and next_at <= now()
            and (concurrency_key is null or concurrency_key <> all($2))
          order by next_at limit $1)
         union all
         (select * from executor.runs where status = 'running' and lease_until < now()
          order by lease_until limit $1)`,
        [room * 4, full],
      );
      const chosen: StoredRun[] = [];
      for (const run of rows) {
        if (chosen.length >= room) break;
        if (run.concurrency_key) {
          const n = busy.get(run.concurrency_key) ?? 0;
          if (n >= limitOf(functions.get(run.function_id))) continue;
          busy.set(run.concurrency_key, n + 1);
        }
        chosen.push(run);
      }
      if (!chosen.length) return [];
      // A run cancelled or finished since the read above is left alone.
      const { rows: claimed } = await client.query<{ id: string }>(
        `update executor.runs set status = 'running', lease_owner = $2,
           lease_until = now() + $3::interval, updated_at = now()
         where id = any($1)
           and (status = 'queued' or (status = 'running' and lease_until < now()))
         returning id`,
        [chosen.map((r) => r.id), this.owner, `${this.o.leaseMs} milliseconds`],
      );
      const ids = new Set(claimed.map((r) => r.id));
      return chosen.filter((r) => ids.has(r.id));
    });
    this.claimed += runs.length;
    for (const run of runs) {
      const call = this.drive(run, functions.get(run.function_id)).finally(() => {
        this.inFlight.delete(run.id);
        this.wake();
      });
      this.inFlight.set(run.id, call);
    }
    return runs.length;
  }

  private async drive(run: StoredRun, fn: StoredFunction | undefined) {
    try {
      const next = await advance(this.o.caller, fn, run, this.o.log);
      if (this.abandoned) return;
      const saved = await saveRun(this.o.pool, run, this.owner, next);
      if (!saved) this.o.log(`[executor] run ${run.id}: lease lost; another executor has it`);
    } catch (error) {
      this.o.log(`[executor] run ${run.id}: ${(error as Error).stack}`);
    }
  }
}
