import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E, e2eBaseUrl } from "./e2e-settings";

const root = path.resolve(import.meta.dirname, "..");
// `npm test` finds or installs a Chromium and passes it here; run directly, Debian's is used.
const chromium =
  process.env.HOOKYARD_CHROMIUM ||
  (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: ".",
  outputDir: path.join(root, "test-results"),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  // Deadlines, not speed limits: a test that waits for deliveries and retries took over a
  // minute on a 2-core machine busy with other work (two busy loops and a second suite).
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: e2eBaseUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // No fades: a toast is either there in full or gone, so what a test reads (and axe's
    // contrast check) never catches one half-transparent.
    contextOptions: { reducedMotion: "reduce" },
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      testIgnore: /\.alone\.spec\.ts$/,
      dependencies: ["setup"],
    },
    // Tests that change what every other test relies on (pausing all deliveries) run after
    // the rest, one at a time. Naming such a file on the command line runs its dependencies
    // too (the whole chromium project); `--no-deps` runs it by itself.
    {
      name: "alone",
      testMatch: /\.alone\.spec\.ts$/,
      workers: 1,
      dependencies: ["chromium"],
    },
  ],
  webServer: {
    command: `${path.join(root, "node_modules", ".bin", "tsx")} ${path.join(root, "test/e2e-server.ts")}`,
    url: `${e2eBaseUrl}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
    cwd: root,
    env: {
      E2E_PORT: String(E2E.port),
      E2E_PG_PORT: String(E2E.pgPort),
      // A second console on the same database, for e2e/instances.spec.ts.
      E2E_SECOND_PORT: String(E2E.secondPort),
      E2E_SECOND_EXECUTOR_PORT: String(E2E.secondExecutorPort),
      E2E_SECOND_WORKER_PORT: String(E2E.secondWorkerPort),
    },
  },
});
