import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

/**
 * The REST API suite: `*.api.test.ts` of lib/ and app/, over HTTP against the running console.
 * (scripts/'s, which start consoles of their own, are the launcher suite:
 * test/vitest.launcher.config.ts.)
 */
export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["lib/**/*.api.test.ts", "app/**/*.api.test.ts"],
    globalSetup: [path.join(root, "test/api/global-setup.ts")],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One file at a time: the malformed-request test checks that the database is unchanged.
    fileParallelism: false,
  },
});
