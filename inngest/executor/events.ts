import { randomUUID } from "node:crypto";
import { evaluate } from "@marcbachmann/cel-js";
import { durationToMs } from "inngest";
import type { Pool, PoolClient } from "pg";
import type { StoredFunction } from "./protocol";
import { inTransaction, type InngestEvent, type StoredRun, type WaitState } from "./store";

/**
 * What an incoming event does: it is stored once (an id seen before starts nothing), starts
 * the runs it triggers, resumes the waits it matches, and cancels the runs it cancels — all
 * in one transaction, so an event is either wholly taken or not at all.
 */

export function celTruthy(
  expression: string,
  context: Record<string, unknown>,
  log: (l: string) => void,
) {
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

/** The event as stored: an id and a time assigned when the sender left them out. */
export function normalizeEvent(e: Partial<InngestEvent>): InngestEvent {
  return {
    id: e.id || randomUUID(),
    name: e.name!,
    data: e.data ?? {},
    ts: e.ts ?? Date.now(),
    ...(e.user ? { user: e.user } : {}),
    ...(e.v ? { v: e.v } : {}),
  };
}

/** The concurrency key a run of `fn` for `event` counts against, or null when unlimited. */
export function concurrencyKey(fn: StoredFunction, event: InngestEvent) {
  const limit = fn.config.concurrency?.[0];
  return limit ? `${fn.id}:${limit.key ? celKey(limit.key, { event }) : ""}` : null;
}

export async function takeEvents(
  pool: Pool,
  functions: Iterable<StoredFunction>,
  events: InngestEvent[],
  log: (l: string) => void,
) {
  const fns = [...functions];
  await inTransaction(pool, async (client) => {
    for (const event of events) {
      const { rowCount } = await client.query(
        "insert into executor.events (id, name, data) values ($1, $2, $3) on conflict (id) do nothing",
        [event.id, event.name, JSON.stringify(event)],
      );
      // The same id again (a sender's retry) is the same event: it already did its work.
      if (rowCount === 0) continue;
      await startRuns(client, fns, event, log);
      await resumeWaits(client, event, log);
      await cancelRuns(client, fns, event, log);
    }
  });
}

async function startRuns(
  client: PoolClient,
  functions: StoredFunction[],
  event: InngestEvent,
  log: (l: string) => void,
) {
  for (const fn of functions) {
    const trigger = fn.config.triggers.find((t) => t.event === event.name);
    if (!trigger) continue;
    if (trigger.expression && !celTruthy(trigger.expression, { event }, log)) continue;
    await client.query(
      "insert into executor.runs (id, function_id, event, status, next_at, concurrency_key) values ($1, $2, $3, 'queued', now(), $4)",
      [randomUUID(), fn.id, JSON.stringify(event), concurrencyKey(fn, event)],
    );
  }
}

async function resumeWaits(client: PoolClient, event: InngestEvent, log: (l: string) => void) {
  const { rows } = await client.query<StoredRun>(
    "select * from executor.runs where status = 'waiting' and wait->>'event' = $1 for update skip locked",
    [event.name],
  );
  for (const run of rows) {
    const wait = run.wait!;
    // A wait sees only events that arrived after it began.
    if (event.ts < Date.parse(wait.since) - 1000) continue;
    if (!waitMatches(wait, run, event, log)) continue;
    await client.query(
      "update executor.runs set status = 'queued', next_at = now(), wait = null, steps = steps || $2, stack = array_append(stack, $3), updated_at = now() where id = $1",
      [run.id, JSON.stringify({ [wait.step]: event }), wait.step],
    );
  }
}

async function cancelRuns(
  client: PoolClient,
  functions: StoredFunction[],
  event: InngestEvent,
  log: (l: string) => void,
) {
  for (const fn of functions) {
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
        if (rule.if && !celTruthy(rule.if, { event: run.event, async: event }, log)) continue;
        // A running step finishes; the run then stops before the next one (see saveRun).
        await client.query(
          "update executor.runs set status = case when status = 'running' then 'running' else 'cancelled' end, error = $2, updated_at = now() where id = $1",
          [run.id, JSON.stringify({ cancelled: true, by: event.id })],
        );
      }
    }
  }
}
