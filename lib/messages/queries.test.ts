import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createTestWebhook, freshDb } from "@/test/db";
import { COUNT_CAP, countMessages, decodeCursor, listMessages } from "./queries";

let db: Db;
let a: string;
let b: string;
const base = Date.parse("2026-11-01T00:00:00Z");

/** `n` messages (and their events), one a minute from `base`; every tenth shares its time with the one before. */
async function insert(webhookId: string, n: number, prefix: string) {
  await db.execute(sql`
    insert into events (id, type, payload, source, created_at)
    select 'evt_' || ${prefix} || i, 'application.created', '{}'::jsonb, 'api', now()
    from generate_series(1, ${n}) i`);
  await db.execute(sql`
    insert into messages (id, webhook_id, event_id, kind, event_type, payload, status, attempts, created_at, deadline_at)
    select ${prefix} || lpad(i::text, 6, '0'), ${webhookId}, 'evt_' || ${prefix} || i, 'event',
           case when i % 3 = 0 then 'application.updated' else 'application.created' end, '{}'::jsonb,
           (array['created','retrying','success','failed','cancelled']::message_status[])[1 + i % 5],
           i % 4,
           to_timestamp(${base / 1000} + (i - case when i % 10 = 1 then 1 else 0 end) * 60),
           now() + interval '10 days'
    from generate_series(1, ${n}) i`);
}

beforeAll(async () => {
  db = await freshDb();
  a = await createTestWebhook(db, "A");
  b = await createTestWebhook(db, "B");
  await insert(a, 230, "msg_a");
  await insert(b, 20, "msg_b");
});

describe("listMessages", () => {
  it("pages newest first by keyset, with no row lost or repeated, and back again", async () => {
    const seen: string[] = [];
    let page = await listMessages(db, { webhookId: a }, {}, new Date(), 50);
    expect(page.newerCursor).toBeNull();
    const first = page.rows.map((r) => r.id);
    for (;;) {
      seen.push(...page.rows.map((r) => r.id));
      if (!page.olderCursor) break;
      page = await listMessages(db, { webhookId: a }, { older: page.olderCursor }, new Date(), 50);
    }
    expect(seen).toHaveLength(230);
    expect(new Set(seen).size).toBe(230);
    const times = await db.execute<{ id: string }>(
      sql`select id from messages where webhook_id = ${a} order by created_at desc, id desc`,
    );
    expect(seen).toEqual(times.rows.map((r) => r.id));

    // From the second page, "newer" comes back to exactly the first page.
    const second = await listMessages(
      db,
      { webhookId: a },
      { older: (await listMessages(db, { webhookId: a }, {}, new Date(), 50)).olderCursor! },
      new Date(),
      50,
    );
    const back = await listMessages(
      db,
      { webhookId: a },
      { newer: second.newerCursor! },
      new Date(),
      50,
    );
    expect(back.rows.map((r) => r.id)).toEqual(first);
    expect(back.newerCursor).toBeNull();
  });

  it("filters by status, event type, time range and id", async () => {
    const failed = await listMessages(db, { webhookId: a, status: "failed" }, {}, new Date(), 500);
    expect(failed.rows.length).toBe(46);
    expect(failed.rows.every((r) => r.status === "failed")).toBe(true);
    const updated = await listMessages(db, { webhookId: a, eventType: "application.updated" });
    expect(updated.rows.every((r) => r.eventType === "application.updated")).toBe(true);
    // 230 minutes of messages; "last hour" seen from the newest one's time holds about 60.
    const lastHour = await listMessages(
      db,
      { webhookId: a, range: "1h" },
      {},
      new Date(base + 230 * 60_000),
      500,
    );
    expect(lastHour.rows.length).toBeGreaterThanOrEqual(59);
    expect(lastHour.rows.length).toBeLessThanOrEqual(61);
    const byId = await listMessages(db, { q: "msg_b000007" });
    expect(byId.rows.map((r) => r.id)).toEqual(["msg_b000007"]);
    const byEvent = await listMessages(db, { q: "evt_msg_a42" });
    expect(byEvent.rows.map((r) => r.id)).toEqual(["msg_a000042"]);
    const everywhere = await listMessages(db, {}, {}, new Date(), 500);
    expect(everywhere.rows.length).toBe(250);
    expect(new Set(everywhere.rows.map((r) => r.webhookName))).toEqual(new Set(["A", "B"]));
  });

  it("ignores a cursor it did not make", async () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    const page = await listMessages(db, { webhookId: b }, { older: "Zm9v" });
    expect(page.rows).toHaveLength(20);
  });
});

describe("countMessages", () => {
  it("counts exactly under the cap, and estimates beyond it", async () => {
    expect(await countMessages(db, { webhookId: b })).toEqual({ count: 20, capped: false });
    await insert(b, COUNT_CAP + 5, "msg_c");
    await db.execute(sql`analyze messages`);
    const estimated = await countMessages(db, { webhookId: b });
    expect(estimated.capped).toBe(true);
    // The planner's estimate of the 1,025 rows, never below what was counted.
    expect(estimated.count).toBeGreaterThanOrEqual(COUNT_CAP);
    expect(estimated.count).toBeLessThan(2 * (COUNT_CAP + 25));
  });
});
