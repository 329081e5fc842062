import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

/** `--name value` from the command line, or the fallback. */
export function numberFlag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export const booleanFlag = (name: string) => process.argv.slice(2).includes(`--${name}`);

/** Milliseconds on a clock that every process of the machine shares. */
export const wallClockMs = () => performance.timeOrigin + performance.now();

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
