import { describe, expect, it } from "vitest";
import { waitFor } from "@/test/wait-for";
import { deliveryHarness } from "@/test/delivery-harness";

/**
 * The executor's tables stay bounded: finished runs and consumed events are deleted once
 * they are older than the retention window, whatever the number of deliveries and cron ticks,
 * and a run that is not finished is never touched, however old.
 */

const h = deliveryHarness({ role: "editor", hookName: "Prune" });

const count = async (sql: string) => (await h.pool.query<{ n: number }>(sql)).rows[0]!.n;

describe("pruning the executor's state", () => {
  it("keeps runs and events bounded over many deliveries and cron ticks", async () => {
    await h.executor.stop();
    h.executor = await h.startExecutor(Number(new URL(h.executor.url).port), {
      retentionMs: 1000,
      pruneEveryMs: 200,
    });
    // A message whose next retry is an hour away: the drain asked for then sleeps, older than
    // the window.
    const hook = await h.webhook({ retrySchedule: "3600" });
    h.script[new URL(hook.url).pathname] = [500];
    await h.publish("application.created", { n: -1 });
    const waiting = await waitFor(async () => {
      const { rows } = await h.pool.query<{ id: string }>(
        "select id from executor.runs where function_id like '%retry-due' and status = 'sleeping'",
      );
      return rows[0]?.id;
    });

    const other = await h.webhook();
    const ids: string[] = [];
    let maxRuns = 0;
    let maxEvents = 0;
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 25; i++) {
        const published = await h.publish("application.created", { round, i });
        ids.push(...published.messages.filter((m) => m.webhookId === other.id).map((m) => m.id));
      }
      // Every cron due now: the sweeper and the retention job tick once a round.
      await h.pool.query("update executor.crons set next_at = now()");
      await new Promise((r) => setTimeout(r, 1100));
      maxRuns = Math.max(maxRuns, await count("select count(*)::int as n from executor.runs"));
      maxEvents = Math.max(
        maxEvents,
        await count("select count(*)::int as n from executor.events"),
      );
    }
    await waitFor(async () => {
      const { rows } = await h.pool.query<{ n: number }>(
        "select count(*)::int as n from messages where id = any($1) and status = 'success'",
        [ids],
      );
      return rows[0]!.n === ids.length;
    }, 90_000);
    expect(ids).toHaveLength(200);
    expect(h.executor.claimed).toBeGreaterThan(200);

    // Two windows later, only what is recent or unfinished is left.
    const settled = await waitFor(async () => {
      const finished = await count(
        "select count(*)::int as n from executor.runs where status in ('completed', 'failed', 'cancelled')",
      );
      const events = await count("select count(*)::int as n from executor.events");
      return finished === 0 && events === 0 && { finished, events };
    }, 30_000);
    expect(settled).toEqual({ finished: 0, events: 0 });
    // At its fullest the table held a fraction of the runs it went through.
    expect(maxRuns).toBeLessThan(h.executor.claimed / 2);
    expect(maxEvents).toBeLessThan(150);
    const { rows } = await h.pool.query("select status from executor.runs where id = $1", [
      waiting,
    ]);
    expect(rows[0]?.status).toBe("sleeping");
    expect(h.executorLog.join("\n")).toMatch(/pruned \d+ finished runs and \d+ events/);
  }, 240_000);
});
