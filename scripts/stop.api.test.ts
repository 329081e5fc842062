import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@/test/wait-for";
import { commandLine, exited, exitOf, LauncherHarness, processTree } from "@/test/launcher-harness";
import { attr, otlpCollector } from "@/test/otlp-collector";

/**
 * `npm start` stopped in the middle of a flood of deliveries. With SIGTERM, the attempts in
 * flight finish and are recorded before it exits, and after a new start every accepted event
 * is delivered, none twice. With its Postgres killed, it exits 1 for a supervisor, and after a
 * new start every accepted event is delivered. Either way nothing is left running. The
 * delivery worker and the Next.js server never outlive the launcher, and neither dies alone.
 */

/** The pid of a process under the launcher whose command line matches `pattern`. */
function childMatching(pattern: RegExp) {
  const pid = processTree(h.launcher!.pid!)
    .slice(1)
    .find((p) => pattern.test(commandLine(p)));
  if (!pid) throw new Error(`no process matching ${pattern} under the launcher`);
  return pid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The launcher the previous test left running, or a new one. */
async function running() {
  const launcher = h.launcher;
  if (!launcher || launcher.exitCode !== null || launcher.signalCode !== null) await h.start();
}

// Slow enough that attempts are in flight when the stop comes. Spans are exported, to a
// collector of the test's (filled in before the launcher starts).
const tracingEnv: Record<string, string> = {};
const h = new LauncherHarness({ name: "stop", receiverDelayMs: 100, env: tracingEnv });
let collector: Awaited<ReturnType<typeof otlpCollector>>;

beforeAll(async () => {
  collector = await otlpCollector();
  tracingEnv.OTEL_EXPORTER_OTLP_ENDPOINT = collector.base;
  await h.setUp();
}, 660_000);
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

    // With an OTLP endpoint set, the console exports each publish's span and the worker each
    // attempt's, a child of its event's publish.
    const answer = await h.api("/events", { type: "application.created", payload: { traced: 1 } });
    const { id } = (await answer.json()) as { id: string };
    await waitFor(
      async () => {
        const spans = collector.spans();
        const publish = spans.find(
          (s) => s.name === "hookyard.publish" && attr(s, "hookyard.event.id") === id,
        );
        return (
          publish?.service === "hookyard-console" &&
          spans.some(
            (a) =>
              a.name === "hookyard.attempt" &&
              a.service === "hookyard-worker" &&
              a.traceId === publish.traceId &&
              a.parentSpanId === publish.spanId,
          )
        );
      },
      60_000,
      "the event's publish span and an attempt span under it",
    );
  }, 900_000);

  it("SIGTERM while slow requests are handed over: the worker records them before it exits", async () => {
    await running();
    const { code, accepted } = await h.interruptFlood(20, async () => {
      // From now on the receiver answers after 3 s: the requests out at the stop have been
      // handed over (after 1 s), their steps returned, and the executor has nothing to drain.
      h.receiverDelayMs = 3_000;
      await sleep(1_500);
      h.launcher!.kill("SIGTERM");
    });
    expect(code, h.output).toBe(0);
    expect(h.output).not.toContain("unrecorded");
    expect(h.listeners()).toEqual([]);

    h.receiverDelayMs = 100;
    await h.start();
    const rows = await h.allDelivered(accepted, 2);
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

  it("the delivery worker killed: the launcher stops the rest and exits 1, leaving nothing", async () => {
    await running();
    const exited = exitOf(h.launcher!, 60_000);
    process.kill(childMatching(/scripts\/worker\.ts/), "SIGKILL");
    expect((await exited).code).toBe(1);
    expect(h.output).toContain("The delivery worker exited");
    expect(h.listeners()).toEqual([]);
  }, 900_000);

  it("the launcher killed with kill -9: the worker and the Next.js server follow it", async () => {
    await running();
    const children = [
      childMatching(/scripts\/worker\.ts/),
      childMatching(/node_modules\/\.bin\/next|next-server/),
    ];
    h.launcher!.kill("SIGKILL");
    await exitOf(h.launcher!, 10_000);
    await waitFor(
      async () => children.every(exited),
      30_000,
      "the worker and the Next.js server to exit",
    );
    // What the launcher leaves: only the embedded Postgres, which the next start stops. (A
    // process's sockets close once its last thread is gone, shortly after it is a zombie.)
    const othersThanPostgres = () => h.listeners().filter((l) => !l.startsWith(`${h.ports.pg} `));
    await waitFor(async () => !othersThanPostgres().length, 30_000, "their ports to close").catch(
      () => undefined,
    );
    expect(othersThanPostgres(), JSON.stringify(h.ports)).toEqual([]);
    await h.start();
  }, 900_000);
});
