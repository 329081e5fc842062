import type { Pool, PoolClient } from "pg";

/**
 * The local executor's state, in Postgres under its own `executor` schema: the synced
 * functions, the runs with their memoized step results, timers and waits, and recent events
 * (for waitForEvent and cancelOn). Everything a run needs to resume after a restart is here.
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
create index if not exists runs_due_idx on executor.runs (next_at) where status in ('queued', 'sleeping', 'waiting');
create index if not exists runs_waiting_idx on executor.runs ((wait->>'event')) where status = 'waiting';
create index if not exists runs_function_idx on executor.runs (function_id, status);
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
`;

export type RunStatus =
  "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";

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

export async function migrateExecutor(pool: Pool) {
  await pool.query(EXECUTOR_SCHEMA_SQL);
}

export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>) {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}
