import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createDb, timeoutOptions } from "@/db";
import { LocalExecutor } from "@/inngest/executor/executor";
import { newEventKey, newSigningKey } from "@/inngest/executor/protocol";
import { childEnv, type launcherEnv } from "@/lib/env";
import { startChild } from "./process";
import { secretFromEnvOrFile } from "./secrets-files";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Starts the local executor beside the console, as Inngest Cloud would stand beside it: the
 * delivery worker (scripts/worker.ts, on `workerPort`) serves the functions in cloud mode
 * with a signing key, the executor signs every call with it and takes events only with the
 * event key. Both keys come from INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY or are generated
 * once into the data directory (mode 0600). Returns the variables the console and the worker
 * need, or null when HOOKYARD_EXECUTOR=off or INNGEST_BASE_URL points the app at another
 * Inngest server.
 */
export async function startLocalExecutor(options: {
  settings: ReturnType<typeof launcherEnv>;
  dataDir: string;
  databaseUrl: string;
  appPort: number;
  executorPort: number;
  workerPort: number;
  log: (line: string) => void;
}): Promise<{
  env: Record<string, string>;
  drain: (deadlineMs: number) => Promise<number>;
  stop: () => Promise<void>;
} | null> {
  const { settings, log } = options;
  if (settings.HOOKYARD_EXECUTOR === "off" || settings.INNGEST_BASE_URL) {
    log(
      `Using the Inngest server at ${settings.INNGEST_BASE_URL ?? "Inngest Cloud"}; the local executor stays off.`,
    );
    return null;
  }
  const signingKey = await secretFromEnvOrFile(
    settings.INNGEST_SIGNING_KEY,
    options.dataDir,
    "inngest-signing-key",
    newSigningKey,
  );
  const eventKey = await secretFromEnvOrFile(
    settings.INNGEST_EVENT_KEY,
    options.dataDir,
    "inngest-event-key",
    newEventKey,
  );
  // The app calls itself through this origin, whatever Host header a request carries.
  const serveOrigin = `http://127.0.0.1:${options.appPort}`;
  const workerUrl = `http://127.0.0.1:${options.workerPort}/api/inngest`;
  // The app's pool setup: timeouts, and lost connections replaced instead of crashing.
  const { pool } = createDb(
    options.databaseUrl,
    10,
    timeoutOptions(settings.HOOKYARD_DB_TIMEOUT_SECONDS),
  );
  const executor = await new LocalExecutor({
    pool,
    signingKey: signingKey.value,
    eventKey: eventKey.value,
    port: options.executorPort,
    appUrl: workerUrl,
    retentionMs: settings.HOOKYARD_EXECUTOR_RETENTION_HOURS * 3600_000,
    log,
  }).start();
  log(
    `Local executor on ${executor.url}, calling the delivery worker at ${workerUrl} (state in Postgres, schema "executor"; calls signed).`,
  );
  return {
    env: {
      HOOKYARD_WORKER_PORT: String(options.workerPort),
      INNGEST_BASE_URL: executor.url,
      INNGEST_SIGNING_KEY: signingKey.value,
      INNGEST_EVENT_KEY: eventKey.value,
      INNGEST_SERVE_ORIGIN: serveOrigin,
      // Only the executor's signed PUT may sync; the serve origin is fixed either way.
      INNGEST_ENABLE_UNAUTHED_SYNC: "false",
    },
    drain: (deadlineMs) => executor.drain(deadlineMs),
    stop: async () => {
      await executor.stop();
      await pool.end();
    },
  };
}

/**
 * The environment the console runs with: the launcher's own plus the executor's variables.
 * INNGEST_DEV is dropped while the local executor runs, so the app never serves in dev mode.
 */
export function consoleEnv(
  executorEnv: Record<string, string> | undefined,
  extra: Record<string, string>,
) {
  const env = childEnv({ ...extra, ...executorEnv });
  if (executorEnv) delete env.INNGEST_DEV;
  // The server dies with the launcher (scripts/parent-watchdog.cjs).
  const watchdog = `--require "${path.join(import.meta.dirname, "parent-watchdog.cjs")}"`;
  env.NODE_OPTIONS = [env.NODE_OPTIONS, watchdog].filter(Boolean).join(" ");
  return env;
}

/**
 * The delivery worker (scripts/worker.ts) in a process of its own, with the console's
 * environment (`consoleEnv`: the same database, keys and settings, and the watchdog that ends
 * it with the launcher).
 */
export function startWorker(label: string, env: NodeJS.ProcessEnv): ChildProcess {
  return startChild(
    label,
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts", "worker.ts")],
    { cwd: root, env: { ...env, NODE_ENV: "production" } },
  );
}
