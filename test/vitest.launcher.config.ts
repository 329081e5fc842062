import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

/**
 * The launcher suite: `scripts/*.api.test.ts` stop, crash and restart `npm start` — each file
 * its own launcher, data directory, Postgres and free ports — so the files run side by side,
 * and beside the REST API suite (test/run.ts), once the production build is there.
 */
export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["scripts/**/*.api.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Both files at once (Vitest's default on 2 cores is one at a time).
    maxWorkers: 2,
  },
});
