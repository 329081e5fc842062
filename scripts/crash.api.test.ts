import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "@/test/wait-for";
import { exitOf, LauncherHarness } from "@/test/launcher-harness";
import { killTree, processTree, reaped } from "./process-tree";

/**
 * `kill -9` of `npm start`'s whole process tree (the launcher, the Next.js server, the
 * embedded Postgres and its backends) three times during a flood of events to receivers that
 * fail 30 % of requests. Every message of every event the API answered 202 for is delivered
 * (at least once: duplicates carry the same webhook-id, so a receiver deduplicating by it
 * sees each message once), and nothing is left running at the end.
 */

const WEBHOOKS = 3;
const CRASHES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const h = new LauncherHarness({ name: "crash", receiverDelayMs: 20, failRate: 0.3 });

beforeAll(() => h.setUp(), 660_000);
afterAll(() => h.tearDown());

/** The messages not delivered yet and their executor runs, for a failure to show. */
async function undelivered() {
  const { rows: messages } = await h.pool.query<{ id: string }>(
    `select id, status, attempts, round, next_attempt_at, last_response_status, last_error
     from messages where status <> 'success' order by created_at limit 20`,
  );
  const { rows: runs } = await h.pool.query(
    `select id, function_id, status, attempt, fn_attempt, next_at, lease_until, wait, error
     from executor.runs r
     where exists (select from unnest($1::text[]) m(id) where r.event::text like '%' || m.id || '%')`,
    [messages.map((m) => m.id)],
  );
  return JSON.stringify({ messages, runs }, null, 1);
}

describe("kill -9 of npm start's process tree", () => {
  beforeAll(() =>
    // Retries a second apart: 30 of them at a 30 % failure rate never run out.
    h.createWebhooks(WEBHOOKS, {
      retryPolicy: "custom",
      retrySchedule: Array.from({ length: 30 }, () => 1),
    }),
  );

  it("three crashes during a flood to failing receivers lose no accepted message, and duplicates keep their webhook-id", async () => {
    const accepted: string[] = [];
    const crashes: string[] = [];
    for (let n = 1; n <= CRASHES; n++) {
      // A crash at a different moment each time: after 20–60 accepted events, then up to 2 s.
      const count = 20 + Math.floor(Math.random() * 40);
      const delayMs = Math.floor(Math.random() * 2000);
      let killed: number[] = [];
      let postmaster = 0;
      const flood = await h.interruptFlood(count, async () => {
        await sleep(delayMs);
        const pidFile = await readFile(path.join(h.dir, "pg", "postmaster.pid"), "utf8");
        postmaster = Number(pidFile.split("\n")[0]);
        killed = killTree(h.launcher!.pid!);
      });
      expect(flood.signal).toBe("SIGKILL");
      // The database went down with the rest, not only the launcher.
      expect(killed).toContain(postmaster);
      crashes.push(`${flood.accepted.length} accepted, ${killed.length} processes killed`);
      accepted.push(...flood.accepted);
      await waitFor(async () => killed.every(reaped), 60_000, "the killed processes to be reaped");
      expect(h.listeners()).toEqual([]);
      await h.start();
    }

    // Every event stored: the accepted ones and those whose 202 the crash cut off.
    const { rows: events } = await h.pool.query<{ id: string }>("select id from events");
    expect(events.length).toBeGreaterThanOrEqual(accepted.length);
    const drainStart = Date.now();
    const messages = await h
      .allDelivered(
        events.map((e) => e.id),
        WEBHOOKS,
      )
      .catch(async (error: Error) => {
        throw new Error(`${error.message}; not delivered:\n${await undelivered()}`);
      });
    const drainedIn = Math.round((Date.now() - drainStart) / 1000);
    const storedEvents = new Set(messages.map((m) => m.event_id));
    expect(accepted.filter((id) => !storedEvents.has(id))).toEqual([]);

    // The receiver saw a 2xx for every message, and only under its own webhook-id.
    const ids = messages.map((m) => m.id).sort();
    expect([...h.delivered.keys()].sort()).toEqual(ids);
    const ok = h.received.filter((r) => r.status === 200);
    expect(ok.filter((r) => r.bodyId !== r.webhookId)).toEqual([]);
    const idsPerTarget = new Map<string, Set<string>>();
    for (const r of ok) {
      const target = `${r.path} ${r.eventId}`;
      idsPerTarget.set(target, (idsPerTarget.get(target) ?? new Set()).add(r.webhookId));
    }
    expect(idsPerTarget.size).toBe(ids.length);
    expect([...idsPerTarget].filter(([, set]) => set.size > 1)).toEqual([]);
    // Failures were retried: the receivers' 500s were part of the run.
    expect(h.received.some((r) => r.status === 500)).toBe(true);

    console.log(
      `[crash test] ${crashes.join("; ")}. ${accepted.length} events accepted, ` +
        `${events.length} stored, ${ids.length} messages delivered with ` +
        `${ok.length - ids.length} duplicate 2xx and ` +
        `${h.received.length - ok.length} 500s over ${h.received.length} requests; ` +
        `all delivered ${drainedIn} s after the last start.`,
    );

    // A stop after all that still ends every process and frees every port.
    const tree = processTree(h.launcher!.pid!);
    h.launcher!.kill("SIGTERM");
    expect((await exitOf(h.launcher!, 180_000)).code).toBe(0);
    await waitFor(async () => tree.every(reaped), 60_000, "every process to exit");
    expect(h.listeners()).toEqual([]);
  }, 900_000);
});
