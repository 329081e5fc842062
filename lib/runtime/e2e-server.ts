/**
 * The console as the Playwright suite sees it: a throw-away embedded Postgres (or
 * DATABASE_URL's server with a fresh database), one user per role, the production build,
 * `next start` on E2E_PORT. Started by e2e/playwright.config.ts.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "pg";
import { createDb } from "@/db";
import { launcherEnv } from "@/lib/env";
import { createUser } from "@/lib/users/mutations";
import { E2E, e2eDatabaseUrlFile } from "@/e2e/e2e-settings";
import { bootstrapDatabase } from "./bootstrap";
import { ensureBuild } from "./build";
import { consoleEnv, startLocalExecutor } from "./executor";
import { ensureAppDatabase, startEmbeddedPostgres, type RunningPostgres } from "./postgres";
import { startChild, waitForExit } from "./process";

const root = path.resolve(import.meta.dirname, "../..");
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
  const executor = await startLocalExecutor({
    settings: launcherEnv(),
    dataDir: path.join(root, ".data", `e2e-keys-${E2E.port}`),
    databaseUrl,
    appPort: E2E.port,
    executorPort: E2E.executorPort,
    log,
  });
  const next = startChild(
    "next",
    path.join(root, "node_modules", ".bin", "next"),
    ["start", "-p", String(E2E.port)],
    {
      cwd: root,
      env: consoleEnv(executor?.env, {
        DATABASE_URL: databaseUrl,
        ...E2E.secrets,
        // The tests' receivers listen on loopback.
        HOOKYARD_DELIVERY_ALLOW: "127.0.0.1",
        HOOKYARD_CONSOLE_PORT: String(E2E.port),
      }),
    },
  );
  const stop = () => next.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await waitForExit(next);
  await executor?.stop();
  await stopPg();
  process.exit(0);
}

main().catch((error) => {
  console.error("[e2e-server] failed:", error);
  process.exit(1);
});
