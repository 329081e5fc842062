/**
 * `npm start`: everything a fresh clone needs, in order: secrets under .data/, the database
 * (embedded Postgres unless DATABASE_URL is set), migrations and the first admin, a
 * production build when it is missing or stale, then the console on PORT.
 */
import path from "node:path";
import { launcherEnv } from "@/lib/env";
import { bootstrapDatabase } from "./bootstrap";
import { ensureBuild } from "./build";
import { consoleEnv, startLocalExecutor } from "./executor";
import { ensureAppDatabase, startEmbeddedPostgres, type RunningPostgres } from "./postgres";
import { startChild, waitForExit } from "./process";
import { secretFromEnvOrFile } from "./secrets-files";

const root = path.resolve(import.meta.dirname, "../..");
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

  let stopExecutor = async () => {};
  const shutdown = async (code: number) => {
    await stopExecutor().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    process.exit(code);
  };

  const boot = await bootstrapDatabase(databaseUrl, {
    adminEmail: settings.HOOKYARD_ADMIN_EMAIL,
    adminPassword: settings.HOOKYARD_ADMIN_PASSWORD,
  });

  if (!dev) await ensureBuild(root, log);

  const executor = await startLocalExecutor({
    settings,
    dataDir,
    databaseUrl,
    appPort: settings.PORT,
    executorPort: settings.HOOKYARD_EXECUTOR_PORT,
    log,
  });
  if (executor) stopExecutor = executor.stop;

  const next = startChild(
    "next",
    path.join(root, "node_modules", ".bin", "next"),
    [dev ? "dev" : "start", "-p", String(settings.PORT)],
    {
      cwd: root,
      env: consoleEnv(executor?.env, {
        DATABASE_URL: databaseUrl,
        HOOKYARD_ENCRYPTION_KEY: encryptionKey.value,
        AUTH_SECRET: authSecret.value,
        HOOKYARD_CONSOLE_PORT: String(settings.PORT),
      }),
    },
  );

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      log("Stopping…");
      next.kill("SIGTERM");
    });
  }

  log(`Hookyard console: http://localhost:${settings.PORT}`);
  if (boot.admin) {
    log(`Created the first admin account: ${boot.admin.email}`);
    if (boot.admin.generated)
      log(
        `Its password (shown once; change it on the console's Your account page, /account): ${boot.admin.password}`,
      );
  }
  const code = await waitForExit(next);
  await shutdown(code ?? 0);
}

main().catch(async (error) => {
  console.error(
    `[hookyard] Could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
