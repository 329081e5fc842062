/**
 * The console as the Playwright suite sees it: a throw-away embedded Postgres (or
 * DATABASE_URL's server with a fresh database), one user per role, the production build,
 * `next start` on E2E_PORT. Started by e2e/playwright.config.ts. With E2E_SECOND_PORT set, a
 * second console on that port shares the database, as a second `npm start` would (README,
 * "Several instances").
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "pg";
import { createDb } from "@/db";
import { launcherEnv } from "@/lib/env";
import { createUser } from "@/lib/users/mutations";
import { E2E, e2eDatabaseUrlFile } from "@/e2e/e2e-settings";
import { bootstrapDatabase } from "@/scripts/bootstrap";
import { ensureBuild } from "@/scripts/build";
import { consoleEnv, startLocalExecutor, startWorker } from "@/scripts/executor";
import { ensureAppDatabase, startEmbeddedPostgres, type RunningPostgres } from "@/scripts/postgres";
import { startChild, waitForExit } from "@/scripts/process";

const root = path.resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(`[e2e-server] ${line}`);

async function freshDatabase(serverUrl: string, embedded?: RunningPostgres) {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  await client.query(`drop database if exists "${E2E.database}" with (force)`);
  if (!embedded) await client.query(`create database "${E2E.database}"`);
  await client.end();
  // On the embedded server the console connects as the app role, as `npm start`'s does.
  return embedded ? ensureAppDatabase(embedded, E2E.database) : `${serverUrl}/${E2E.database}`;
}

/** The database URL, password included, for the specs' direct SQL (e2e/fixtures.ts). */
async function shareDatabaseUrl(databaseUrl: string) {
  const file = e2eDatabaseUrlFile();
  await mkdir(path.dirname(file), { recursive: true });
  await rm(file, { force: true }); // writeFile would keep an older file's mode
  await writeFile(file, databaseUrl + "\n", { mode: 0o600 });
}

async function main() {
  let serverUrl: string;
  let embedded: RunningPostgres | undefined;
  let stopPg = async () => {};
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL.replace(/\/[^/]*$/, "");
  } else {
    const dataDir = path.join(root, ".data", `e2e-pg-${E2E.pgPort}`);
    await rm(dataDir, { recursive: true, force: true });
    const pg = await startEmbeddedPostgres({ dataDir, port: E2E.pgPort });
    serverUrl = pg.serverUrl;
    embedded = pg;
    stopPg = () => pg.stop();
  }
  const databaseUrl = await freshDatabase(serverUrl, embedded);
  await shareDatabaseUrl(databaseUrl);
  await bootstrapDatabase(databaseUrl, {
    adminEmail: E2E.users.admin.email,
    adminPassword: E2E.users.admin.password,
  });
  const { db, pool } = createDb(databaseUrl, 1);
  for (const role of ["editor", "viewer"] as const) {
    await createUser(db, { ...E2E.users[role], name: `E2E ${role}`, role });
  }
  await pool.end();

  await ensureBuild(root, log);
  // Only the Playwright suite asks for the second instance; the REST API suite does not.
  const ports = [{ app: E2E.port, executor: E2E.executorPort, worker: E2E.workerPort }];
  if (process.env.E2E_SECOND_PORT) {
    ports.push({
      app: E2E.secondPort,
      executor: E2E.secondExecutorPort,
      worker: E2E.secondWorkerPort,
    });
  }
  const consoles: Awaited<ReturnType<typeof startConsole>>[] = [];
  for (const port of ports) consoles.push(await startConsole(databaseUrl, port));

  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const c of consoles) for (const child of c.children) child.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // One console or worker exiting on its own is a failure the tests should see: all go.
  const exits = consoles.flatMap((c) => c.children.map(waitForExit));
  const code = await Promise.race(exits);
  const unexpected = !stopping;
  if (unexpected) log(`a console exited on its own (${code}); stopping the rest`);
  stop();
  await Promise.all(exits);
  for (const c of consoles) await c.executor?.stop();
  await stopPg();
  process.exit(unexpected ? 1 : 0);
}

/**
 * One console as `npm start` runs it: its own local executor calling its own delivery worker
 * only, the worker, then `next start`. Every console takes its executor's keys from the same
 * directory, as instances sharing `.data` do, and the same AUTH_SECRET and encryption key, so
 * a session and a stored secret from one are good on the other.
 */
async function startConsole(
  databaseUrl: string,
  port: { app: number; executor: number; worker: number },
) {
  const label = port.app === E2E.port ? "e2e-server" : `e2e-server :${port.app}`;
  const log = (line: string) => console.log(`[${label}] ${line}`);
  const executor = await startLocalExecutor({
    settings: launcherEnv(),
    dataDir: path.join(root, ".data", `e2e-keys-${E2E.port}`),
    databaseUrl,
    appPort: port.app,
    executorPort: port.executor,
    workerPort: port.worker,
    log,
  });
  const env = consoleEnv(executor?.env, {
    DATABASE_URL: databaseUrl,
    ...E2E.secrets,
    // The tests' receivers listen on loopback.
    HOOKYARD_DELIVERY_ALLOW: "127.0.0.1",
    HOOKYARD_CONSOLE_PORT: String(port.app),
  });
  const suffix = port.app === E2E.port ? "" : ` :${port.app}`;
  const children = [
    ...(executor ? [startWorker(`worker${suffix}`, env)] : []),
    startChild(
      `next${suffix}`,
      path.join(root, "node_modules", ".bin", "next"),
      ["start", "-p", String(port.app)],
      { cwd: root, env },
    ),
  ];
  return { children, executor };
}

main().catch((error) => {
  console.error("[e2e-server] failed:", error);
  process.exit(1);
});
