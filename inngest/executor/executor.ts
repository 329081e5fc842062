import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { evaluate } from "@marcbachmann/cel-js";
import { Cron } from "croner";
import { durationToMs } from "inngest";
import type { Pool, PoolClient } from "pg";
import {
  inTransaction,
  migrateExecutor,
  type InngestEvent,
  type StoredRun,
  type WaitState,
} from "./store";

/**
 * Hookyard's local executor: plays the Inngest server's part on one machine over the public
 * SDK protocol (INNGEST-NOTES.md). It takes events on the event API, syncs the app's
 * functions, and drives each run step by step, keeping every run's memoized steps, timers
 * and waits in Postgres so that runs survive restarts of every process.
 *
 * Supported: event and cron triggers, step.run, parallel steps, sleep/sleepUntil,
 * waitForEvent (with `if`/`match` and timeout), cancelOn, step and function retries with
 * backoff and Retry-After, NonRetriableError, and per-key concurrency. Anything else fails
 * the run loudly.
 */

interface FunctionConfig {
  id: string;
  name?: string;
  triggers: { event?: string; expression?: string; cron?: string }[];
  steps: Record<string, { runtime: { url: string }; retries?: { attempts?: number } }>;
  cancel?: { event: string; if?: string; timeout?: string }[];
  concurrency?: { limit: number; key?: string; scope?: string }[];
}

interface StoredFunction {
  id: string;
  url: string;
  config: FunctionConfig;
}

interface Op {
  op: string;
  id: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: unknown;
  opts?: Record<string, unknown>;
}

export interface ExecutorOptions {
  pool: Pool;
  host?: string;
  port?: number;
  /** The app's serve URL (`…/api/inngest`), synced on start and on `sync()`. */
  appUrl?: string;
  /** How many function calls may be in flight at once across all runs. */
  maxInFlight?: number;
  pollMs?: number;
  log?: (line: string) => void;
}

const UNSUPPORTED_OPS = new Set(["InvokeFunction", "AIGateway", "Gateway", "RunComplete"]);
const CALL_TIMEOUT_MS = 5 * 60_000;
const LEASE_MS = CALL_TIMEOUT_MS + 60_000;

function stepBackoffMs(attempt: number) {
  return Math.min(1000 * 2 ** attempt, 5 * 60_000);
}

/** A cron trigger's schedule: five or six fields, optionally prefixed `TZ=Area/City `. */
export function cronSchedule(expression: string): Cron {
  const match = /^(?:(?:TZ|CRON_TZ)=(\S+)\s+)?(.+)$/.exec(expression.trim())!;
  return new Cron(match[2]!, { paused: true, timezone: match[1] });
}

/** When a cron trigger fires next after `from`. */
function nextCronRun(expression: string, from: Date): Date {
  const next = cronSchedule(expression).nextRun(from);
  if (!next) throw new Error(`cron "${expression}" never fires`);
  return next;
}

function celTruthy(expression: string, context: Record<string, unknown>, log: (l: string) => void) {
  try {
    return evaluate(expression, context) === true;
  } catch (error) {
    log(`[executor] expression "${expression}" failed: ${(error as Error).message}`);
    return false;
  }
}

function celKey(expression: string, context: Record<string, unknown>) {
  try {
    return String(evaluate(expression, context));
  } catch {
    return "";
  }
}

/** `match: "data.x"` arrives from the SDK as an `if`; both forms are accepted. */
function waitMatches(
  wait: WaitState,
  run: StoredRun,
  event: InngestEvent,
  log: (l: string) => void,
) {
  if (wait.match) {
    const path = wait.match.split(".");
    const pick = (o: unknown) =>
      path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as never)[k] : undefined), o);
    return JSON.stringify(pick(run.event)) === JSON.stringify(pick(event));
  }
  if (wait.if) return celTruthy(wait.if, { event: run.event, async: event }, log);
  return true;
}

function retryAfterMs(value: string | null | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export class LocalExecutor {
  private server?: Server;
  private functions = new Map<string, StoredFunction>();
  private inFlight = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;
  private looping?: Promise<void>;
  private readonly pool: Pool;
  private readonly log: (line: string) => void;
  private readonly maxInFlight: number;
  private readonly pollMs: number;
  private readonly calls = new Set<Promise<void>>();
  url = "";

  constructor(private readonly options: ExecutorOptions) {
    this.pool = options.pool;
    this.log = options.log ?? ((line) => console.log(line));
    this.maxInFlight = options.maxInFlight ?? 64;
    this.pollMs = options.pollMs ?? 250;
  }

  async start() {
    await migrateExecutor(this.pool);
    // Runs that were mid-call when the process died are picked up again.
    await this.pool.query(
      "update executor.runs set status = 'queued', lease_until = null where status = 'running'",
    );
    await this.loadFunctions();
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        this.log(`[executor] ${req.method} ${req.url} failed: ${(error as Error).stack}`);
        if (!res.headersSent) send(res, 500, { error: (error as Error).message });
      });
    });
    this.server.listen(this.options.port ?? 8288, this.options.host ?? "127.0.0.1");
    await new Promise<void>((resolve) => this.server!.once("listening", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? "127.0.0.1"}:${port}`;
    this.looping = this.loop();
    if (this.options.appUrl) void this.syncUntilDone(this.options.appUrl);
    return this;
  }

  async stop() {
    this.stopped = true;
    this.wake?.();
    clearTimeout(this.timer);
    // A claim in progress ends first: no call starts after stop() returns.
    await this.looping;
    await Promise.allSettled([...this.calls]);
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server?.closeAllConnections();
  }

  // ── sync ──────────────────────────────────────────────────────────────────────────────

  /** Asks the app to register its functions (`PUT <serve URL>`), as the Inngest server does. */
  async sync(appUrl: string) {
    const response = await fetch(appUrl, { method: "PUT" });
    if (!response.ok)
      throw new Error(`sync of ${appUrl} answered ${response.status}: ${await response.text()}`);
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

  private async register(body: { url: string; appName?: string; functions: FunctionConfig[] }) {
    const appId = body.appName ?? "app";
    for (const fn of body.functions) {
      for (const trigger of fn.triggers) {
        if (trigger.cron) {
          try {
            cronSchedule(trigger.cron);
          } catch (error) {
            throw new Error(
              `Function ${fn.id}: cron "${trigger.cron}": ${(error as Error).message}`,
            );
          }
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

  // ── HTTP ──────────────────────────────────────────────────────────────────────────────

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://executor");
    if (req.method === "POST" && url.pathname === "/fn/register") {
      await this.register(JSON.parse(await readBody(req)));
      return send(res, 200, { ok: true, modified: true });
    }
    if (req.method === "POST" && url.pathname.startsWith("/e/")) {
      const raw = JSON.parse((await readBody(req)) || "[]") as unknown;
      const list = (Array.isArray(raw) ? raw : [raw]) as Partial<InngestEvent>[];
      for (const [index, event] of list.entries()) {
        if (typeof event?.name !== "string" || !event.name) {
          return send(res, 400, { error: `event ${index} has no name`, status: 400 });
        }
      }
      const ids = await this.publish(list);
      return send(res, 200, { ids, status: 200 });
    }
    if (req.method === "GET" && (url.pathname === "/health" || url.pathname === "/")) {
      return send(res, 200, { ok: true, functions: [...this.functions.keys()] });
    }
    this.log(`[executor] unsupported request ${req.method} ${url.pathname}`);
    return send(res, 404, {
      error: `The local executor does not implement ${req.method} ${url.pathname}`,
    });
  }

  // ── events ────────────────────────────────────────────────────────────────────────────

  /** Stores events, starts the runs they trigger, and feeds waits and cancellations. */
  async publish(list: Partial<InngestEvent>[]): Promise<string[]> {
    const events: InngestEvent[] = list.map((e) => ({
      id: e.id || randomUUID(),
      name: e.name!,
      data: e.data ?? {},
      ts: e.ts ?? Date.now(),
      ...(e.user ? { user: e.user } : {}),
      ...(e.v ? { v: e.v } : {}),
    }));
    await inTransaction(this.pool, async (client) => {
      for (const event of events) {
        await client.query(
          "insert into executor.events (id, name, data) values ($1, $2, $3) on conflict (id) do nothing",
          [event.id, event.name, JSON.stringify(event)],
        );
        await this.startRuns(client, event);
        await this.resumeWaits(client, event);
        await this.cancelRuns(client, event);
      }
    });
    this.wake?.();
    return events.map((e) => e.id);
  }

  private async startRuns(client: PoolClient, event: InngestEvent) {
    for (const fn of this.functions.values()) {
      const trigger = fn.config.triggers.find((t) => t.event === event.name);
      if (!trigger) continue;
      if (trigger.expression && !celTruthy(trigger.expression, { event }, this.log)) continue;
      const limit = fn.config.concurrency?.[0];
      const key = limit ? `${fn.id}:${limit.key ? celKey(limit.key, { event }) : ""}` : null;
      await client.query(
        "insert into executor.runs (id, function_id, event, status, next_at, concurrency_key) values ($1, $2, $3, 'queued', now(), $4)",
        [randomUUID(), fn.id, JSON.stringify(event), key],
      );
    }
  }

  private async resumeWaits(client: PoolClient, event: InngestEvent) {
    const { rows } = await client.query<StoredRun>(
      "select * from executor.runs where status = 'waiting' and wait->>'event' = $1 for update skip locked",
      [event.name],
    );
    for (const run of rows) {
      const wait = run.wait!;
      if (event.ts < Date.parse(wait.since) - 1000) continue;
      if (!waitMatches(wait, run, event, this.log)) continue;
      await client.query(
        "update executor.runs set status = 'queued', next_at = now(), wait = null, steps = steps || $2, stack = array_append(stack, $3), updated_at = now() where id = $1",
        [run.id, JSON.stringify({ [wait.step]: event }), wait.step],
      );
    }
  }

  private async cancelRuns(client: PoolClient, event: InngestEvent) {
    for (const fn of this.functions.values()) {
      for (const rule of fn.config.cancel ?? []) {
        if (rule.event !== event.name) continue;
        const { rows } = await client.query<StoredRun & { created_at: Date }>(
          "select * from executor.runs where function_id = $1 and status in ('queued', 'sleeping', 'waiting', 'running') for update",
          [fn.id],
        );
        for (const run of rows) {
          if (
            rule.timeout &&
            Date.now() - run.created_at.getTime() > durationToMs(rule.timeout as never)
          )
            continue;
          if (rule.if && !celTruthy(rule.if, { event: run.event, async: event }, this.log))
            continue;
          // A running step finishes; the run then stops before the next one (see save()).
          await client.query(
            "update executor.runs set status = case when status = 'running' then 'running' else 'cancelled' end, error = $2, updated_at = now() where id = $1",
            [run.id, JSON.stringify({ cancelled: true, by: event.id })],
          );
        }
      }
    }
  }

  // ── the run loop ──────────────────────────────────────────────────────────────────────

  private async loop() {
    while (!this.stopped) {
      let claimed = 0;
      try {
        claimed = await this.claimAndRun();
      } catch (error) {
        this.log(`[executor] loop error: ${(error as Error).stack}`);
      }
      if (claimed === 0 || this.inFlight >= this.maxInFlight) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.pollMs);
        });
      }
    }
  }

  private lastCronCheck = 0;

  /**
   * Starts a run of each cron trigger that is due, with Inngest's `inngest/scheduled.timer`
   * event, once per due time even with several executors on one database. A schedule missed
   * while everything was down fires once, not once per missed time.
   */
  private async fireCrons() {
    if (Date.now() - this.lastCronCheck < 1000) return;
    this.lastCronCheck = Date.now();
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ function_id: string; cron: string; next_at: Date }>(
        "select function_id, cron, next_at from executor.crons where next_at <= now() for update skip locked",
      );
      for (const row of rows) {
        const fn = this.functions.get(row.function_id);
        if (fn) {
          const event: InngestEvent = {
            id: randomUUID(),
            name: "inngest/scheduled.timer",
            data: { cron: row.cron },
            ts: row.next_at.getTime(),
          };
          await client.query(
            "insert into executor.runs (id, function_id, event, status, next_at) values ($1, $2, $3, 'queued', now())",
            [randomUUID(), fn.id, JSON.stringify(event)],
          );
        }
        await client.query(
          "update executor.crons set next_at = $3 where function_id = $1 and cron = $2",
          [row.function_id, row.cron, nextCronRun(row.cron, new Date())],
        );
      }
    });
  }

  /** Fires due timers and claims runs that may go now, within concurrency limits. */
  private async claimAndRun(): Promise<number> {
    await this.fireCrons();
    const room = this.maxInFlight - this.inFlight;
    if (room <= 0) return 0;
    const runs = await inTransaction(this.pool, async (client) => {
      // Sleeps that ended and waits that timed out resume with a null step result.
      await client.query(`
        update executor.runs set
          status = 'queued',
          steps = steps || jsonb_build_object(coalesce(sleep_step, wait->>'step'), null),
          stack = array_append(stack, coalesce(sleep_step, wait->>'step')),
          sleep_step = null, wait = null, updated_at = now()
        where status in ('sleeping', 'waiting') and next_at <= now()`);
      const { rows } = await client.query<StoredRun>(
        `select * from executor.runs where status = 'queued' and next_at <= now()
         order by next_at limit $1 for update skip locked`,
        [room * 4],
      );
      const chosen: StoredRun[] = [];
      const keyed = rows.filter((r) => r.concurrency_key);
      const busy = new Map<string, number>();
      if (keyed.length) {
        const { rows: counts } = await client.query<{ key: string; n: number }>(
          "select concurrency_key as key, count(*)::int as n from executor.runs where status = 'running' and concurrency_key = any($1) group by 1",
          [[...new Set(keyed.map((r) => r.concurrency_key))]],
        );
        for (const c of counts) busy.set(c.key, c.n);
      }
      for (const run of rows) {
        if (chosen.length >= room) break;
        if (run.concurrency_key) {
          const fn = this.functions.get(run.function_id);
          const limit = fn?.config.concurrency?.[0]?.limit ?? Infinity;
          const n = busy.get(run.concurrency_key) ?? 0;
          if (n >= limit) continue;
          busy.set(run.concurrency_key, n + 1);
        }
        chosen.push(run);
      }
      if (chosen.length) {
        await client.query(
          "update executor.runs set status = 'running', lease_until = now() + $2::interval, updated_at = now() where id = any($1)",
          [chosen.map((r) => r.id), `${LEASE_MS} milliseconds`],
        );
      }
      return chosen;
    });
    for (const run of runs) {
      this.inFlight++;
      const call = this.advance(run)
        .catch((error: unknown) => this.log(`[executor] run ${run.id}: ${(error as Error).stack}`))
        .finally(() => {
          this.inFlight--;
          this.calls.delete(call);
          this.wake?.();
        });
      this.calls.add(call);
    }
    return runs.length;
  }

  private maxAttempts(fn: StoredFunction) {
    const retries = Object.values(fn.config.steps)[0]?.retries?.attempts ?? 4;
    return retries + 1;
  }

  private async call(fn: StoredFunction, run: StoredRun, stepId = "step") {
    const url = new URL(fn.url);
    url.searchParams.set("fnId", fn.id);
    url.searchParams.set("stepId", stepId);
    const body = {
      event: run.event,
      events: [run.event],
      steps: run.steps,
      ctx: {
        run_id: run.id,
        attempt: run.attempt,
        max_attempts: this.maxAttempts(fn),
        disable_immediate_execution: false,
        use_api: false,
        stack: { stack: run.stack, current: run.stack.length },
      },
      version: 2,
    };
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-inngest-server-kind": "dev" },
      body: JSON.stringify(body),
      // A call that never answers is retried like a failed one.
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    return { response, text };
  }

  /** One call to the function for a run, and what its answer means. */
  private async advance(run: StoredRun) {
    const fn = this.functions.get(run.function_id);
    if (!fn) {
      return this.save(run, {
        status: "failed",
        error: { message: `function ${run.function_id} is not synced` },
      });
    }
    let answer: { response: Response; text: string };
    try {
      answer = await this.call(fn, run);
    } catch (error) {
      // The app is down or restarting: try again shortly, without counting an attempt.
      return this.save(run, {
        status: "queued",
        nextAt: new Date(Date.now() + 1000),
        error: { message: (error as Error).message },
      });
    }
    const { response, text } = answer;
    if (response.status === 200) {
      return this.save(run, { status: "completed", output: text ? JSON.parse(text) : null });
    }
    if (response.status === 206) {
      return this.handleOps(fn, run, JSON.parse(text) as Op[]);
    }
    const noRetry = response.headers.get("x-inngest-no-retry") === "true";
    const fnAttempt = run.fn_attempt + 1;
    if (noRetry || fnAttempt >= this.maxAttempts(fn)) {
      return this.save(run, { status: "failed", error: safeJson(text) });
    }
    const wait = retryAfterMs(response.headers.get("retry-after")) ?? stepBackoffMs(fnAttempt);
    return this.save(run, {
      status: "queued",
      nextAt: new Date(Date.now() + wait),
      fnAttempt,
      attempt: run.attempt + 1,
      error: safeJson(text),
    });
  }

  private async handleOps(fn: StoredFunction, run: StoredRun, ops: Op[]) {
    const steps = { ...run.steps };
    const stack = [...run.stack];
    const planned: Op[] = [];
    for (const op of ops) {
      switch (op.op) {
        case "StepRun":
        case "Step":
          steps[op.id] = { data: op.data ?? null };
          stack.push(op.id);
          break;
        case "StepFailed":
          steps[op.id] = { error: op.error };
          stack.push(op.id);
          break;
        case "StepError": {
          const attempt = run.attempt + 1;
          const retryAfter = retryAfterMs((op.opts?.retryAfter as string | undefined) ?? null);
          return this.save(run, {
            status: "queued",
            attempt,
            nextAt: new Date(Date.now() + (retryAfter ?? stepBackoffMs(attempt))),
            error: op.error,
          });
        }
        case "StepPlanned":
          planned.push(op);
          break;
        case "Sleep": {
          const until = untilFrom(op.name);
          return this.save(run, {
            status: "sleeping",
            steps,
            stack,
            nextAt: until,
            sleepStep: op.id,
          });
        }
        case "WaitForEvent": {
          const opts = op.opts ?? {};
          return this.save(run, {
            status: "waiting",
            steps,
            stack,
            nextAt: untilFrom(opts.timeout ?? "1y"),
            wait: {
              step: op.id,
              event: (opts.event as string) ?? op.name!,
              if: opts.if as string | undefined,
              match: opts.match as string | undefined,
              since: new Date().toISOString(),
            },
          });
        }
        default:
          this.log(`[executor] run ${run.id}: unsupported op ${op.op}; failing the run`);
          return this.save(run, {
            status: "failed",
            error: { message: `The local executor does not implement the ${op.op} op` },
          });
      }
    }
    if (planned.length) {
      // Each planned step is called once; parallel ones together, then the run continues.
      const results = await Promise.all(
        planned.map(async (op) => {
          const { response, text } = await this.call(fn, { ...run, steps, stack }, op.id);
          if (response.status !== 206) {
            throw new Error(`step ${op.displayName ?? op.id} answered ${response.status}: ${text}`);
          }
          return JSON.parse(text) as Op[];
        }),
      ).catch((error: unknown) => error as Error);
      if (results instanceof Error) {
        return this.save(run, {
          status: "queued",
          steps,
          stack,
          nextAt: new Date(Date.now() + 1000),
          error: { message: results.message },
        });
      }
      for (const result of results) {
        for (const op of result) {
          if (op.op === "StepRun" || op.op === "Step") {
            steps[op.id] = { data: op.data ?? null };
            stack.push(op.id);
          } else if (op.op === "StepFailed") {
            steps[op.id] = { error: op.error };
            stack.push(op.id);
          } else if (op.op === "StepError") {
            const attempt = run.attempt + 1;
            return this.save(run, {
              status: "queued",
              steps,
              stack,
              attempt,
              nextAt: new Date(Date.now() + stepBackoffMs(attempt)),
              error: op.error,
            });
          } else if (UNSUPPORTED_OPS.has(op.op) || op.op !== "StepPlanned") {
            return this.save(run, {
              status: "failed",
              error: { message: `The local executor does not implement the ${op.op} op` },
            });
          }
        }
      }
    }
    return this.save(run, { status: "queued", steps, stack, nextAt: new Date(), attempt: 0 });
  }

  private async save(
    run: StoredRun,
    next: {
      status: StoredRun["status"];
      steps?: Record<string, unknown>;
      stack?: string[];
      nextAt?: Date;
      attempt?: number;
      fnAttempt?: number;
      sleepStep?: string;
      wait?: WaitState;
      output?: unknown;
      error?: unknown;
    },
  ) {
    // A cancellation that arrived while the step ran wins over anything but the end of the run.
    await this.pool.query(
      `update executor.runs set
         status = case when (error->>'cancelled')::boolean and $2 not in ('completed', 'failed') then 'cancelled' else $2 end,
         steps = $3, stack = $4, next_at = $5, attempt = $6, fn_attempt = $7,
         sleep_step = $8, wait = $9, output = $10,
         error = case when (error->>'cancelled')::boolean then error else $11 end,
         lease_until = null, updated_at = now()
       where id = $1`,
      [
        run.id,
        next.status,
        JSON.stringify(next.steps ?? run.steps),
        next.stack ?? run.stack,
        next.nextAt ?? null,
        next.attempt ?? (next.steps ? 0 : run.attempt),
        next.fnAttempt ?? run.fn_attempt,
        next.sleepStep ?? null,
        next.wait ? JSON.stringify(next.wait) : null,
        next.output === undefined ? null : JSON.stringify(next.output),
        next.error === undefined ? null : JSON.stringify(next.error),
      ],
    );
  }
}

/** A sleep's or wait's end: a duration ("30s", "2h", ms) or an instant (an ISO date). */
function untilFrom(value: unknown): Date {
  if (typeof value === "number") return new Date(Date.now() + value);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(value);
  return new Date(Date.now() + durationToMs(value as never));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 2000) };
  }
}
