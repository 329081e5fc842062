import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { bootstrapDatabase } from "@/scripts/bootstrap";
import { ensureDatabase, startEmbeddedPostgres } from "@/scripts/postgres";
import { E2E } from "@/e2e/e2e-settings";
import { API_SERVER } from "./api/global-setup";
import { TEST_ENV } from "./test-env";

export const TEMPLATE_DB = "hookyard_template";

/**
 * Fixed ports of the suites' consoles that lie in the system's ephemeral range: their
 * Postgres. (The rest — 3100, 3200, 8297… — are below it, never handed out by `listen(0)`.)
 */
const FIXED_PORTS = new Set([E2E.pgPort, API_SERVER.pgPort]);

/**
 * A port free now, from the system's ephemeral range — never a fixed port of the REST API or
 * Playwright suite's console: the launcher suite picks its ports while the API suite's
 * console is starting.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    if (!FIXED_PORTS.has(port)) return port;
  }
}

/**
 * One real Postgres for the whole Vitest run: DATABASE_URL's server when set, otherwise an
 * embedded one in a temporary directory. A migrated template database is prepared once; each
 * test file clones it (test/db.ts).
 */
export default async function setup(project: TestProject) {
  let serverUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL.replace(/\/[^/]*$/, "");
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "hookyard-vitest-"));
    await chmod(dir, 0o755); // the embedded server runs as the `postgres` user
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, "pg"),
      port: await freePort(),
    });
    serverUrl = pg.serverUrl;
    stop = async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  Object.assign(process.env, TEST_ENV);
  const templateUrl = await ensureDatabase(serverUrl, TEMPLATE_DB);
  await bootstrapDatabase(templateUrl, {
    adminEmail: "admin@test.local",
    adminPassword: "admin-password",
  });
  project.provide("pgServerUrl", serverUrl);
  return stop;
}

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
