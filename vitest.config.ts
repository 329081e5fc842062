import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: [
      "lib/**/*.test.ts",
      "db/**/*.test.ts",
      "inngest/**/*.test.ts",
      "app/**/*.test.ts",
      "components/**/*.test.ts",
      "deploy/**/*.test.ts",
      "scripts/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    // The REST API suite runs against the running console (test/vitest.api.config.ts).
    exclude: ["**/node_modules/**", "**/*.api.test.ts"],
    globalSetup: [path.join(root, "test/global-setup.ts")],
    setupFiles: [path.join(root, "test/setup-env.ts")],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Files wait on Postgres and sockets far more than they compute, and each has its own
    // database: three at a time halves the suite on two cores (Vitest's default is cores − 1).
    maxWorkers: 3,
  },
});
