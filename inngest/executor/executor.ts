import type { Server } from "node:http";
import type { Pool } from "pg";
import { normalizeEvent, takeEvents } from "./events";
import { signedCaller } from "./ops";
import type { StoredFunction } from "./protocol";
import { cronSchedule, nextCronRun, Scheduler } from "./scheduler";
import { HttpError, requestSync, serverUrl, startServer, type RegisterBody } from "./server";
import { inTransaction, migrateExecutor, type InngestEvent } from "./store";

/**
 * Hookyard's local executor: plays the Inngest server's part over the public SDK protocol
 * (PROTOCOL.md), with its state in Postgres so that runs survive restarts, and leases so that
 * several executors can share one database. It imports nothing from the app.
 *
 *   server.ts     the event API, registration and sync — each checked against its key
 *   events.ts     what an event does: start, resume and cancel runs
 *   scheduler.ts  claims, leases, timers, crons and pruning
 *   ops.ts        what a function's answer means for its run
 *   protocol.ts   signing and calling a function
 *   store.ts      the schema and the writes that need care (leases, pruning)
 *
 * Supported: event and cron triggers, step.run, parallel steps, sleep/sleepUntil,
 * waitForEvent (with `if`/`match` and timeout), cancelOn, step and function retries with
 * backoff and Retry-After, NonRetriableError, and per-key concurrency. Anything else fails
 * the run, or the request, loudly.
 */

export interface ExecutorOptions {
  pool: Pool;
  /** `signkey-<env>-<hex>`: signs every call and sync; a registration must carry its hash. */
  signingKey: string;
  /** The only key the event API accepts. */
  eventKey: string;
  host?: string;
  port?: number;
  /**
   * The app's serve URL (`…/api/inngest`): synced on start, the only URL a registration may
   * name, and where this executor's calls go (several executors may each drive their own
   * console).
   */
  appUrl?: string;
  /** How many function calls may be in flight at once across all runs. */
  maxInFlight?: number;
  pollMs?: number;
  /** How long a run's claim lasts without renewal; a crashed executor's runs wait this long. */
  leaseMs?: number;
  /** How long finished runs and consumed events are kept (default 24 hours). */
  retentionMs?: number;
  pruneEveryMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_RETENTION_MS = 24 * 3600_000;

export class LocalExecutor {
  private server?: Server;
  private functions = new Map<string, StoredFunction>();
  private refresh?: NodeJS.Timeout;
  private stopped = false;
  private readonly scheduler: Scheduler;
  private readonly pool: Pool;
  private readonly log: (line: string) => void;
  url = "";

  constructor(private readonly options: ExecutorOptions) {
    if (!options.signingKey || !options.eventKey)
      throw new Error("The local executor needs a signing key and an event key");
    this.pool = options.pool;
    this.log = options.log ?? ((line) => console.log(line));
    const { signingKey, appUrl } = options;
    this.scheduler = new Scheduler({
      pool: this.pool,
      caller: signedCaller(signingKey, appUrl),
      functions: () => this.functions,
      log: this.log,
      maxInFlight: options.maxInFlight ?? 64,
      pollMs: options.pollMs ?? 250,
      leaseMs: options.leaseMs ?? 30_000,
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
      pruneEveryMs: options.pruneEveryMs ?? 60_000,
    });
  }

  /** This executor's name on the run leases it holds. */
  get owner() {
    return this.scheduler.owner;
  }

  /** How many runs this executor has claimed since it started. */
  get claimed() {
    return this.scheduler.claimed;
  }

  async start() {
    await migrateExecutor(this.pool);
    await this.loadFunctions();
    const host = this.options.host ?? "127.0.0.1";
    this.server = await startServer(
      {
        eventKey: this.options.eventKey,
        signingKey: this.options.signingKey,
        log: this.log,
        publish: (events) => this.publish(events),
        register: (body) => this.register(body),
        health: () => ({ ok: true, functions: [...this.functions.keys()] }),
      },
      { host, port: this.options.port ?? 8288 },
    );
    this.url = serverUrl(this.server, host);
    this.scheduler.start();
    // Another executor on the same database may register newer functions.
    this.refresh = setInterval(() => void this.loadFunctions().catch(() => undefined), 5000);
    if (this.options.appUrl) void this.syncUntilDone(this.options.appUrl);
    return this;
  }

  /** Stops taking work; calls in flight finish and are recorded before it returns. */
  async stop() {
    await this.drain();
    await this.closeServer();
  }

  /**
   * The first half of a stop: no new run starts, calls in flight finish and are recorded (at
   * most `deadlineMs`; returns how many were left to their leases), while the event API still
   * takes events — they wait as queued runs for the next start. `stop()` then closes it.
   */
  async drain(deadlineMs = Infinity) {
    this.stopped = true;
    clearInterval(this.refresh);
    return this.scheduler.stop(deadlineMs);
  }

  /**
   * Stops as a crash would: calls in flight are neither awaited nor recorded, and their runs
   * keep their leases until those expire. For tests of takeover.
   */
  async kill() {
    this.stopped = true;
    clearInterval(this.refresh);
    this.scheduler.abandon();
    await this.closeServer();
  }

  private async closeServer() {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  // ── sync ──────────────────────────────────────────────────────────────────────────────

  /** Asks the app to register its functions (a signed `PUT <serve URL>`). */
  sync(appUrl: string) {
    return requestSync(appUrl, this.options.signingKey);
  }

  private async syncUntilDone(appUrl: string) {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.sync(appUrl);
        this.log(`[executor] synced functions from ${appUrl}`);
        return;
      } catch (error) {
        if (attempt % 20 === 5)
          this.log(`[executor] waiting for ${appUrl}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private async loadFunctions() {
    const { rows } = await this.pool.query<StoredFunction>(
      "select id, url, config from executor.functions",
    );
    this.functions = new Map(rows.map((row) => [row.id, row]));
  }

  private async register(body: RegisterBody) {
    const expected = this.options.appUrl;
    if (expected && !sameEndpoint(body.url, expected)) {
      throw new HttpError(403, `registration names ${body.url}; this executor serves ${expected}`);
    }
    const appId = body.appName ?? "app";
    for (const fn of body.functions) {
      for (const trigger of fn.triggers) {
        if (!trigger.cron) continue;
        try {
          cronSchedule(trigger.cron);
        } catch (error) {
          throw new HttpError(
            400,
            `Function ${fn.id}: cron "${trigger.cron}": ${(error as Error).message}`,
          );
        }
      }
    }
    await inTransaction(this.pool, async (client) => {
      await client.query("delete from executor.functions where app_id = $1", [appId]);
      const crons = body.functions.flatMap((fn) =>
        fn.triggers.flatMap((t) => (t.cron ? [{ fn: fn.id, cron: t.cron }] : [])),
      );
      // Schedules that are gone stop; new ones start from now; unchanged ones keep their time.
      await client.query(
        "delete from executor.crons where not (function_id || ' ' || cron = any($1))",
        [crons.map((c) => `${c.fn} ${c.cron}`)],
      );
      for (const c of crons) {
        await client.query(
          "insert into executor.crons (function_id, cron, next_at) values ($1, $2, $3) on conflict do nothing",
          [c.fn, c.cron, nextCronRun(c.cron, new Date())],
        );
      }
      for (const fn of body.functions) {
        const url = Object.values(fn.steps)[0]?.runtime.url ?? body.url;
        await client.query(
          "insert into executor.functions (id, app_id, url, config) values ($1, $2, $3, $4) on conflict (id) do update set app_id = $2, url = $3, config = $4, synced_at = now()",
          [fn.id, appId, url, JSON.stringify(fn)],
        );
      }
    });
    await this.loadFunctions();
  }

  // ── events ────────────────────────────────────────────────────────────────────────────

  /** Stores events, starts the runs they trigger, and feeds waits and cancellations. */
  async publish(list: Partial<InngestEvent>[]): Promise<string[]> {
    const events = list.map(normalizeEvent);
    await takeEvents(this.pool, this.functions.values(), events, this.log);
    this.scheduler.wake();
    return events.map((e) => e.id);
  }
}

/** Same origin and path: the query string (`fnId`, `stepId`) does not matter. */
function sameEndpoint(a: string, b: string) {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
}
