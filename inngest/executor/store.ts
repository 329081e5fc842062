import type { Pool, PoolClient } from "pg";

/**
 * The executor's state, in Postgres under its own `executor` schema: the synced functions,
 * the runs with their memoized step results, timers, waits and leases, cron schedules, and
 * recent events (so that an event id sent twice starts its runs once). Everything a run
 * needs to resume after a restart is here, and finished work is pruned after a window.
 */

export const EXECUTOR_SCHEMA_SQL = `
create schema if not exists executor;
create table if not exists executor.functions (
  id text primary key,
  app_id text not null,
  url text not null,
  config jsonb not null,
  synced_at timestamptz not null default now()
);
create table if not exists executor.runs (
  id text primary key,
  function_id text not null,
  event jsonb not null,
  status text not null,
  steps jsonb not null default '{}',
  stack text[] not null default '{}',
  attempt int not null default 0,
  fn_attempt int not null default 0,
  next_at timestamptz,
  wait jsonb,
  sleep_step text,
  concurrency_key text,
  lease_until timestamptz,
  output jsonb,
  error jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table executor.runs add column if not exists lease_owner text;
create index if not exists runs_due_idx on executor.runs (next_at) where status in ('queued', 'sleeping', 'waiting');
create index if not exists runs_lease_idx on executor.runs (lease_until) where status = 'running';
create index if not exists runs_waiting_idx on executor.runs ((wait->>'event')) where status = 'waiting';
create index if not exists runs_function_idx on executor.runs (function_id, status);
create index if not exists runs_finished_idx on executor.runs (updated_at) where status in ('completed', 'failed', 'cancelled');
create table if not exists executor.crons (
  function_id text not null,
  cron text not null,
  next_at timestamptz not null,
  primary key (function_id, cron)
);
create table if not exists executor.events (
  id text primary key,
  name text not null,
  data jsonb not null,
  received_at timestamptz not null default now()
);
create index if not exists events_received_idx on executor.events (received_at);
`;

export type RunStatus =
  "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";

export const FINISHED: RunStatus[] = ["completed", "failed", "cancelled"];

export interface StoredRun {
  id: string;
  function_id: string;
  event: InngestEvent;
  status: RunStatus;
  steps: Record<string, unknown>;
  stack: string[];
  attempt: number;
  fn_attempt: number;
  next_at: Date | null;
  wait: WaitState | null;
  sleep_step: string | null;
  concurrency_key: string | null;
}

export interface WaitState {
  step: string;
  event: string;
  if?: string;
  match?: string;
  since: string;
}

export interface InngestEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user?: Record<string, unknown>;
  v?: string;
}

/** What one call's answer changes in a run. Fields left out keep their value. */
export interface RunUpdate {
  status: RunStatus;
  steps?: Record<string, unknown>;
  stack?: string[];
  nextAt?: Date;
  attempt?: number;
  fnAttempt?: number;
  sleepStep?: string;
  wait?: WaitState;
  output?: unknown;
  error?: unknown;
}

/** Several executors may start at once: the lock keeps their `create … if not exists` apart. */
export async function migrateExecutor(pool: Pool) {
  await inTransaction(pool, async (client) => {
    await client.query("select pg_advisory_xact_lock(hashtext('hookyard.executor.migrate'))");
    await client.query(EXECUTOR_SCHEMA_SQL);
  });
}

export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>) {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Writes a call's outcome, only while `owner` still holds the run's lease: a run taken over
 * by another executor (this one stalled past its lease) is not overwritten. A cancellation
 * that arrived while the step ran wins over anything but the end of the run. Returns false
 * when the lease was lost.
 */
export async function saveRun(pool: Pool, run: StoredRun, owner: string, next: RunUpdate) {
  const { rowCount } = await pool.query(
    `update executor.runs set
       status = case when (error->>'cancelled')::boolean and $2 not in ('completed', 'failed') then 'cancelled' else $2 end,
       steps = $3, stack = $4, next_at = $5, attempt = $6, fn_attempt = $7,
       sleep_step = $8, wait = $9, output = $10,
       error = case when (error->>'cancelled')::boolean then error else $11 end,
       lease_until = null, lease_owner = null, updated_at = now()
     where id = $1 and status = 'running' and lease_owner = $12`,
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
      owner,
    ],
  );
  return rowCount === 1;
}

/** Extends the leases `owner` holds on runs it is still calling. */
export async function renewLeases(pool: Pool, owner: string, runIds: string[], leaseMs: number) {
  if (!runIds.length) return;
  await pool.query(
    `update executor.runs set lease_until = now() + $3::interval
     where id = any($2) and status = 'running' and lease_owner = $1`,
    [owner, runIds, `${leaseMs} milliseconds`],
  );
}

/**
 * Deletes finished runs and events older than the retention window, `batch` rows per
 * statement so that nothing waits on it. Runs that are not finished are never touched.
 */
export async function pruneFinished(pool: Pool, opts: { olderThanMs: number; batch: number }) {
  const age = `${opts.olderThanMs} milliseconds`;
  let runs = 0;
  let events = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `delete from executor.runs where id in (
         select id from executor.runs
         where status in ('completed', 'failed', 'cancelled') and updated_at < now() - $1::interval
         limit $2)`,
      [age, opts.batch],
    );
    runs += rowCount ?? 0;
    if ((rowCount ?? 0) < opts.batch) break;
  }
  for (;;) {
    const { rowCount } = await pool.query(
      `delete from executor.events where id in (
         select id from executor.events where received_at < now() - $1::interval limit $2)`,
      [age, opts.batch],
    );
    events += rowCount ?? 0;
    if ((rowCount ?? 0) < opts.batch) break;
  }
  return { runs, events };
}
