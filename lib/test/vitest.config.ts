import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["{lib,db,inngest,components,app}/**/*.test.{ts,tsx}"],
    globalSetup: [path.join(root, "lib/test/global-setup.ts")],
    setupFiles: [path.join(root, "lib/test/setup-env.ts")],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
