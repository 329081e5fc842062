import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LauncherHarness } from "./launcher-harness";

/**
 * `npm start` stopped in the middle of a flood of deliveries. With SIGTERM, the attempts in
 * flight finish and are recorded before it exits, and after a new start every accepted event
 * is delivered, none twice. With its Postgres killed, it exits 1 for a supervisor, and after a
 * new start every accepted event is delivered. Either way nothing is left running.
 */

// Slow enough that attempts are in flight when the stop comes.
const h = new LauncherHarness({ name: "stop", receiverDelayMs: 100 });

beforeAll(() => h.setUp(), 660_000);
afterAll(() => h.tearDown());

describe("stopping npm start", () => {
  beforeAll(() => h.createWebhooks(2));

  it("SIGTERM finishes and records attempts in flight, leaves nothing running, loses nothing", async () => {
    const { code, accepted } = await h.interruptFlood(60, async () => {
      h.launcher!.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(h.output).toContain("Stopping: attempts in flight finish and are recorded first");
    expect(h.listeners()).toEqual([]);

    await h.start();
    const rows = await h.allDelivered(accepted, 2);
    expect(rows).toHaveLength(accepted.length * 2);
    const twice = rows.filter((r) => (h.delivered.get(r.id) ?? 0) !== 1).map((r) => r.id);
    expect(twice).toEqual([]);
  }, 900_000);

  it("Postgres killed during a flood: the launcher exits 1 with nothing left, and loses nothing", async () => {
    const { code, accepted } = await h.interruptFlood(40, async () => {
      const pidFile = await readFile(path.join(h.dir, "pg", "postmaster.pid"), "utf8");
      process.kill(Number(pidFile.split("\n")[0]), "SIGKILL");
    });
    expect(code).toBe(1);
    expect(h.output).toContain("Embedded Postgres is gone; stopping.");
    expect(h.listeners()).toEqual([]);

    // Attempts sent but not recorded go again, with the same webhook-id; none is lost.
    await h.start();
    const rows = await h.allDelivered(accepted, 2);
    for (const row of rows) expect(h.delivered.get(row.id) ?? 0).toBeGreaterThanOrEqual(1);
  }, 900_000);
});
