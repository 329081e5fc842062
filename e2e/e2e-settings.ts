import { readFileSync } from "node:fs";
import path from "node:path";

/** Where the end-to-end console runs and who can sign in to it. Test-only values. */
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3100),
  pgPort: Number(process.env.E2E_PG_PORT ?? 54339),
  executorPort: Number(process.env.E2E_EXECUTOR_PORT ?? 8299),
  workerPort: Number(process.env.E2E_WORKER_PORT ?? 8297),
  /** A second console on the same database (e2e/instances.spec.ts), with its own executor. */
  secondPort: Number(process.env.E2E_SECOND_PORT ?? 3101),
  secondExecutorPort: Number(process.env.E2E_SECOND_EXECUTOR_PORT ?? 8300),
  secondWorkerPort: Number(process.env.E2E_SECOND_WORKER_PORT ?? 8298),
  database: process.env.E2E_DATABASE ?? "hookyard_e2e",
  users: {
    admin: { email: "admin@e2e.test", password: "admin-e2e-password" },
    editor: { email: "editor@e2e.test", password: "editor-e2e-password" },
    viewer: { email: "viewer@e2e.test", password: "viewer-e2e-password" },
  },
  secrets: {
    HOOKYARD_ENCRYPTION_KEY: "ab".repeat(32),
    AUTH_SECRET: "e2e-auth-secret-e2e-auth-secret-0123456789",
    HOOKYARD_METRICS_TOKEN: "e2e-metrics-token-e2e-metrics-token-0123",
  },
} as const;

export const e2eBaseUrl = `http://127.0.0.1:${E2E.port}`;
export const e2eSecondBaseUrl = `http://127.0.0.1:${E2E.secondPort}`;

/** Where test/e2e-server.ts leaves its console's database URL (mode 0600). */
export const e2eDatabaseUrlFile = (port: number = E2E.port) =>
  path.resolve(import.meta.dirname, "..", ".data", `e2e-${port}-database-url`);

/** The database of the console on `port`, as that console connects to it. */
export function e2eDatabaseUrl(port: number = E2E.port): string {
  return readFileSync(e2eDatabaseUrlFile(port), "utf8").trim();
}
