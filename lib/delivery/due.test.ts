import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createTestWebhook, freshDb } from "@/test/db";
import { waitFor } from "@/test/wait-for";
import { attemptMessages } from "./attempt";
import { anyOverdue, claimDueMessages, dueEvent, dueScheduler, makeWaitingDue } from "./due";
import { sweepStuckMessages } from "./sweep";

/** Waiting messages are rows: drains claim the due ones, each once, and leases run out. */

let db: Db;
let a: string;
let b: string;

/** `n` retrying messages of `webhookId`, due `dueInSeconds` from now (negative: overdue). */
async function seed(webhookId: string, prefix: string, n: number, dueInSeconds: number) {
  await db.execute(sql`
    insert into messages (id, webhook_id, kind, event_type, payload, status, attempts,
                          next_attempt_at, deadline_at)
    select ${prefix} || i, ${webhookId}, 'event', 'application.created', '{}'::jsonb,
           'retrying', 1, now() + make_interval(secs => ${dueInSeconds}), now() + interval '1 day'
    from generate_series(1, ${n}) i`);
}

beforeAll(async () => {
  db = await freshDb();
  a = await createTestWebhook(db, "Due A");
  b = await createTestWebhook(db, "Due B", { responseTimeoutSeconds: 30 });
});

beforeEach(async () => {
  await db.execute(sql`delete from messages`);
});

describe("due messages", () => {
  it("are claimed across webhooks, oldest due first, and never by two drains at once", async () => {
    await seed(a, "a", 300, -5);
    await seed(b, "b", 300, -10);
    await seed(a, "later", 50, 3600);
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimDueMessages(db, 200)));
    const all = claims.flat();
    expect(all).toHaveLength(600);
    expect(new Set(all).size).toBe(600);
    expect(all.some((id) => id.startsWith("later"))).toBe(false);
    // Oldest due first: the first full claim began with b's messages.
    const first = claims.find((c) => c.length === 200 && c.every((id) => id.startsWith("b")));
    expect(first).toBeDefined();
    // Claimed is held: nothing more to claim while their requests may be in flight.
    expect(await claimDueMessages(db, 200)).toEqual([]);
  });

  it("hold a claim for the webhook's longest request, then may be claimed again", async () => {
    await seed(b, "b", 1, -1);
    expect(await claimDueMessages(db)).toEqual(["b1"]);
    const {
      rows: [lease],
    } = await db.execute<{ seconds: number }>(
      sql`select extract(epoch from claimed_until - now())::int as seconds from messages`,
    );
    // 30 s response timeout twice, the default 3 s connect timeout and the margin.
    expect(lease!.seconds).toBeGreaterThanOrEqual(90);
    // The process that claimed it died: once the lease ran out, a drain takes it again, and
    // the sweeper sees it overdue.
    await db.execute(
      sql`update messages set claimed_until = now() - interval '1 s',
                              next_attempt_at = now() - interval '1 minute'`,
    );
    expect(await anyOverdue(db)).toBe(true);
    expect(await claimDueMessages(db)).toEqual(["b1"]);
    expect(await anyOverdue(db)).toBe(false);
  });

  it("are claimed by the drain of their bucket even when its run starts a little early", async () => {
    await seed(a, "a", 1, 0.4);
    const at = new Date(Date.now() + 1000);
    expect(await claimDueMessages(db, 10, at)).toEqual(["a1"]);
  });

  it("wake: the messages parked for the webhook become due now, retries keep their time", async () => {
    await seed(a, "parked", 30, 3600);
    await seed(a, "backoff", 5, 3600);
    await seed(b, "other", 5, 3600);
    await db.execute(sql`update messages set waiting_for = 'enabled' where id not like 'backoff%'`);
    expect(await makeWaitingDue(db, a)).toBe(30);
    expect(await claimDueMessages(db, 100)).toHaveLength(30);
    // Deliveries resumed: only those parked by the pause.
    await db.execute(sql`update messages set waiting_for = 'resumed' where id like 'backoff%'`);
    expect(await makeWaitingDue(db, null)).toBe(5);
    const claimed = await claimDueMessages(db, 100);
    expect(claimed.sort()).toEqual(["backoff1", "backoff2", "backoff3", "backoff4", "backoff5"]);
  });
});

describe("a first attempt", () => {
  /** A receiver that holds every request until `release()`; `requests` counts them. */
  let receiver: Server;
  let url = "";
  let requests = 0;
  let release: () => void = () => undefined;
  let held = Promise.resolve();
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      requests++;
      req.resume();
      void held.then(() => res.writeHead(200).end("ok"));
    });
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => {
    release();
    receiver.closeAllConnections();
    receiver.close();
  });
  beforeEach(() => {
    requests = 0;
    held = new Promise<void>((resolve) => (release = resolve));
  });

  /** A message as publishing stores it (Created, never attempted), for a webhook on `url`. */
  async function stored(id: string) {
    const webhookId = await createTestWebhook(db, `First ${id}`, {
      url,
      responseTimeoutSeconds: 30,
    });
    await db.execute(sql`
      insert into messages (id, webhook_id, kind, event_type, payload, status, attempts,
                            deadline_at)
      values (${id}, ${webhookId}, 'event', 'application.created', '{}'::jsonb, 'created', 0,
              now() + interval '1 day')`);
  }
  const row = async (id: string) =>
    (
      await db.execute<{ status: string; attempts: number; claimed: boolean }>(
        sql`select status, attempts, claimed_until is not null as claimed from messages
            where id = ${id}`,
      )
    ).rows[0]!;
  const recorded = async (id: string) =>
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from attempts where message_id = ${id}`,
      )
    ).rows[0]!.n;

  it("handed over, holds its message: the sweeper and drains leave it alone until it is written", async () => {
    await stored("out1");
    // The request is held past the hand-over: the call returns while it is still out.
    const reports = await attemptMessages(db, ["out1"], { onlyIfDue: true, allow: "127.0.0.1" });
    expect(reports.get("out1")).toMatchObject({ reason: "The attempt is in flight" });
    expect(requests).toBe(1);
    // The sweeper's age passed (0 here): the message is not lost, its attempt is out.
    const sent: unknown[] = [];
    const swept = await sweepStuckMessages(
      db,
      async (e) => void sent.push(...e),
      new Date(),
      10,
      0,
    );
    expect(swept).toEqual({ stuck: 0, drained: false });
    expect(sent).toEqual([]);
    expect(await claimDueMessages(db)).toEqual([]);
    expect(await row("out1")).toMatchObject({ status: "created", claimed: true });

    release();
    await waitFor(async () => (await row("out1")).status === "success", 30_000, "the outcome");
    expect(await row("out1")).toMatchObject({ attempts: 1, claimed: false });
    expect(await recorded("out1")).toBe(1);
    expect(requests).toBe(1);
  });

  it("run again while its request is out (the hand-over's run repeated), sends nothing more", async () => {
    await stored("again1");
    const first = attemptMessages(db, ["again1"], { onlyIfDue: true, allow: "127.0.0.1" });
    await waitFor(async () => requests === 1, 30_000, "the first request");
    const second = await attemptMessages(db, ["again1"], { onlyIfDue: true, allow: "127.0.0.1" });
    expect(second.get("again1")).toMatchObject({
      verdict: "skipped",
      reason: "Another attempt of the message is in flight",
    });
    release();
    expect((await first).get("again1")).toMatchObject({ verdict: "success" });
    expect(requests).toBe(1);
    expect(await recorded("again1")).toBe(1);
  });

  it("leaves alone a message a drain holds (the sweeper found it waiting too long)", async () => {
    await seed(a, "held", 1, -1);
    await db.execute(sql`update messages set status = 'created', attempts = 0`);
    expect(await claimDueMessages(db)).toEqual(["held1"]);
    const reports = await attemptMessages(db, ["held1"], { onlyIfDue: true });
    expect(reports.get("held1")).toMatchObject({ verdict: "skipped" });
    const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from attempts`);
    expect(rows[0]!.n).toBe(0);
  });
});

describe("drain events", () => {
  const now = Date.parse("2026-12-03T10:00:00.200Z");

  it("share one id per second ahead, per 5 s within 10 minutes, per minute beyond", () => {
    const at = (ms: number) => dueEvent(new Date(now + ms), [], now);
    expect(at(3_100).id).toBe(at(3_700).id);
    expect(at(3_100).data.at).toBe("2026-12-03T10:00:04.000Z");
    expect(at(3_100).id).not.toBe(at(4_300).id);
    expect(at(120_000).data.at).toBe("2026-12-03T10:02:05.000Z");
    expect(at(3_600_000).data.at).toBe("2026-12-03T11:01:00.000Z");
    // Never before the message is due.
    for (const ms of [1, 999, 59_999, 61_000, 700_001]) {
      expect(Date.parse(at(ms).data.at!)).toBeGreaterThanOrEqual(now + ms);
    }
  });

  it("about to start, or asked by an operator, are always new events", () => {
    const late = now + 500; // 10:00:00.700: the next bucket starts in 300 ms
    expect(dueEvent(new Date(late + 100), [], late).id).toBeUndefined();
    expect(dueEvent(new Date(late + 400), [], late).id).toBeDefined();
    expect(dueEvent(null).data).toEqual({ at: null, force: [] });
    expect(dueEvent(new Date(now + 30_000), ["msg_1"], now).id).toBeUndefined();
  });

  it("a process asks once per bucket", async () => {
    const sent: { id?: string }[] = [];
    const ask = dueScheduler(async (events) => void sent.push(...events));
    const soon = Math.floor(Date.now() / 1000) * 1000 + 20_500; // mid-second: one bucket
    await ask([new Date(soon), new Date(soon + 1), new Date(soon + 30_000)]);
    await ask([new Date(soon + 2)]);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((e) => e.id)).size).toBe(2);
  });

  it("retries due within the next second or two make a drain per second, not one each", async () => {
    const sent: unknown[] = [];
    const ask = dueScheduler(async (events) => void sent.push(...events));
    const now = Date.now();
    await ask(Array.from({ length: 500 }, (_, i) => new Date(now + 1000 + i * 2)));
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(sent.length).toBeGreaterThanOrEqual(1);
  });
});
