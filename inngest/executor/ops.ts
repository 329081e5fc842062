import {
  callFunction,
  maxAttempts,
  retryAfterMs,
  safeJson,
  stepBackoffMs,
  untilFrom,
  type CallAnswer,
  type Op,
  type StoredFunction,
} from "./protocol";
import type { RunUpdate, StoredRun } from "./store";

/**
 * What a function's answer means for its run (PROTOCOL.md, "Calling a function"): one call,
 * then the run's next state. Saving it is the scheduler's business, under its lease.
 */

export interface Caller {
  call(fn: StoredFunction, run: StoredRun, stepId?: string): Promise<CallAnswer>;
}

/** Signed calls to each function's registered URL, or all to `url` when given. */
export function signedCaller(signingKey: string, url?: string): Caller {
  return { call: (fn, run, stepId) => callFunction(fn, run, { signingKey, stepId, url }) };
}

const UNSUPPORTED = "The local executor does not implement the";

/** One call to the function for a run, and the state that follows from its answer. */
export async function advance(
  caller: Caller,
  fn: StoredFunction | undefined,
  run: StoredRun,
  log: (line: string) => void,
): Promise<RunUpdate> {
  if (!fn) {
    return { status: "failed", error: { message: `function ${run.function_id} is not synced` } };
  }
  let answer: CallAnswer;
  try {
    answer = await caller.call(fn, run);
  } catch (error) {
    // The app is down, restarting or not who it should be: try again shortly, without
    // counting an attempt.
    return {
      status: "queued",
      nextAt: new Date(Date.now() + 1000),
      error: { message: (error as Error).message },
    };
  }
  if (answer.status === 200) {
    return { status: "completed", output: answer.text ? JSON.parse(answer.text) : null };
  }
  if (answer.status === 206) {
    return handleOps(caller, fn, run, JSON.parse(answer.text) as Op[], log);
  }
  const noRetry = answer.headers.get("x-inngest-no-retry") === "true";
  const fnAttempt = run.fn_attempt + 1;
  if (noRetry || fnAttempt >= maxAttempts(fn)) {
    return { status: "failed", error: safeJson(answer.text) };
  }
  const wait = retryAfterMs(answer.headers.get("retry-after")) ?? stepBackoffMs(fnAttempt);
  return {
    status: "queued",
    nextAt: new Date(Date.now() + wait),
    fnAttempt,
    attempt: run.attempt + 1,
    error: safeJson(answer.text),
  };
}

function unsupported(op: Op, run: StoredRun, log: (line: string) => void): RunUpdate {
  log(`[executor] run ${run.id}: unsupported op ${op.op}; failing the run`);
  return { status: "failed", error: { message: `${UNSUPPORTED} ${op.op} op` } };
}

function stepError(run: StoredRun, op: Op, memo: Pick<RunUpdate, "steps" | "stack">): RunUpdate {
  const attempt = run.attempt + 1;
  const retryAfter = retryAfterMs((op.opts?.retryAfter as string | undefined) ?? null);
  return {
    status: "queued",
    ...memo,
    attempt,
    nextAt: new Date(Date.now() + (retryAfter ?? stepBackoffMs(attempt))),
    error: op.error,
  };
}

async function handleOps(
  caller: Caller,
  fn: StoredFunction,
  run: StoredRun,
  ops: Op[],
  log: (line: string) => void,
): Promise<RunUpdate> {
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
      case "StepError":
        return stepError(run, op, {});
      case "StepPlanned":
        planned.push(op);
        break;
      case "Sleep":
        return { status: "sleeping", steps, stack, nextAt: untilFrom(op.name), sleepStep: op.id };
      case "WaitForEvent": {
        const opts = op.opts ?? {};
        return {
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
        };
      }
      default:
        return unsupported(op, run, log);
    }
  }
  if (planned.length) {
    // Each planned step is called once; parallel ones together, then the run continues.
    const results = await Promise.all(
      planned.map(async (op) => {
        const answer = await caller.call(fn, { ...run, steps, stack }, op.id);
        if (answer.status !== 206) {
          throw new Error(
            `step ${op.displayName ?? op.id} answered ${answer.status}: ${answer.text}`,
          );
        }
        return JSON.parse(answer.text) as Op[];
      }),
    ).catch((error: unknown) => error as Error);
    if (results instanceof Error) {
      return {
        status: "queued",
        steps,
        stack,
        nextAt: new Date(Date.now() + 1000),
        error: { message: results.message },
      };
    }
    for (const op of results.flat()) {
      if (op.op === "StepRun" || op.op === "Step") {
        steps[op.id] = { data: op.data ?? null };
        stack.push(op.id);
      } else if (op.op === "StepFailed") {
        steps[op.id] = { error: op.error };
        stack.push(op.id);
      } else if (op.op === "StepError") {
        return stepError(run, op, { steps, stack });
      } else if (op.op !== "StepPlanned") {
        return unsupported(op, run, log);
      }
    }
  }
  return { status: "queued", steps, stack, nextAt: new Date(), attempt: 0 };
}
