import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/errors";
import { startEmbeddedPostgres, type RunningPostgres } from "@/scripts/postgres";
import { freePort } from "@/test/global-setup";
import { createDb, timeoutOptions } from "./index";

/**
 * A stalled database (every Postgres process stopped, as SIGSTOP or a frozen VM does) turns
 * into an error the API answers 503 within seconds, and the pool recovers by itself when the
 * server goes on. A server of its own: stopping the suite's shared one would stall the others.
 */

let dir: string;
let pg: RunningPostgres;
let dataDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hookyard-stall-"));
  await chmod(dir, 0o755);
  dataDir = path.join(dir, "pg");
  pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
}, 120_000);

afterAll(async () => {
  signalCluster("SIGCONT");
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The postmaster and every backend of this cluster. */
function clusterPids(): number[] {
  const postmaster = Number(
    execFileSync("head", ["-1", path.join(dataDir, "postmaster.pid")])
      .toString()
      .trim(),
  );
  const children = execFileSync("pgrep", ["-P", String(postmaster)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map(Number);
  return [postmaster, ...children];
}

function signalCluster(signal: "SIGSTOP" | "SIGCONT") {
  try {
    for (const pid of clusterPids()) process.kill(pid, signal);
  } catch {
    // already gone
  }
}

describe("timeouts toward the database", () => {
  it("a stalled server fails queries within the timeout, and they work again when it resumes", async () => {
    expect((await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).length).toBeGreaterThan(
      0,
    );
    const { db, pool } = createDb(`${pg.serverUrl}/postgres`, 2, timeoutOptions(1));
    try {
      await db.execute(sql`select 1`);
      signalCluster("SIGSTOP");
      const started = Date.now();
      // One on the pooled connection (stuck statement), three waiting for or opening another.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, () => db.execute(sql`select 1`)),
      );
      const waited = Date.now() - started;
      for (const outcome of outcomes) {
        expect(outcome.status).toBe("rejected");
        expect(isDatabaseUnavailable((outcome as PromiseRejectedResult).reason)).toBe(true);
      }
      // Seconds, not the minutes a request hung before: the 1 s timeouts plus slack for a
      // busy machine.
      expect(waited).toBeLessThan(20_000);

      signalCluster("SIGCONT");
      const { rows } = await pool.query("select 42 as answer");
      expect(rows[0].answer).toBe(42);
    } finally {
      signalCluster("SIGCONT");
      await pool.end();
    }
  }, 120_000);
});
