import path from "node:path";
import type { TestProject } from "vitest/node";
import { e2eDatabaseUrl } from "@/e2e/e2e-settings";
import { startChild, waitForExit } from "@/scripts/process";

const root = path.resolve(import.meta.dirname, "../..");

/** Where the API suite's console runs: its own ports and database, beside the e2e one. */
export const API_SERVER = {
  port: 3200,
  pgPort: 54341,
  executorPort: 8301,
  workerPort: 8303,
  database: "hookyard_api",
  /** Low enough that the rate-limit test reaches it in a moment. */
  rateLimitPerMinute: 600,
  /**
   * The Inbox's limit (app/api/inbox/inbox.api.test.ts): a burst of 5 and one more every 12 s,
   * so a loop of 30 requests reaches it unless it takes over 5 minutes.
   */
  inboxRateLimitPerMinute: 5,
};

/**
 * The REST API suite drives the running app: the production build under `next start`, the
 * local executor and a real Postgres, started by the same script as the Playwright suite's
 * console (test/e2e-server.ts), on other ports.
 */
export default async function setup(project: TestProject) {
  const child = startChild(
    "api-server",
    path.join(root, "node_modules", ".bin", "tsx"),
    [path.join(root, "test/e2e-server.ts")],
    {
      cwd: root,
      env: {
        ...process.env,
        E2E_PORT: String(API_SERVER.port),
        E2E_PG_PORT: String(API_SERVER.pgPort),
        E2E_EXECUTOR_PORT: String(API_SERVER.executorPort),
        E2E_WORKER_PORT: String(API_SERVER.workerPort),
        E2E_DATABASE: API_SERVER.database,
        HOOKYARD_API_RATE_LIMIT: String(API_SERVER.rateLimitPerMinute),
        HOOKYARD_INBOX_RATE_LIMIT: String(API_SERVER.inboxRateLimitPerMinute),
      },
    },
  );
  const exited = waitForExit(child).then((code) => {
    throw new Error(`the API suite's console exited early (${code})`);
  });
  const baseUrl = `http://127.0.0.1:${API_SERVER.port}`;
  const ready = (async () => {
    const end = Date.now() + 15 * 60_000;
    while (Date.now() < end) {
      try {
        if ((await fetch(`${baseUrl}/login`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error("the API suite's console did not start within 15 minutes");
  })();
  await Promise.race([ready, exited]);
  exited.catch(() => undefined);
  project.provide("apiBaseUrl", baseUrl);
  project.provide("apiDatabaseUrl", e2eDatabaseUrl(API_SERVER.port));
  return async () => {
    child.kill("SIGTERM");
    await waitForExit(child);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    apiBaseUrl: string;
    apiDatabaseUrl: string;
  }
}
