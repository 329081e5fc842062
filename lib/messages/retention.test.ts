import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { settings } from "@/db/schema";
import { createTestWebhook, freshDb } from "@/test/db";
import { pruneOldMessages } from "./retention";

let db: Db;
let webhookId: string;

const count = async (query: ReturnType<typeof sql>) =>
  (await db.execute<{ n: number }>(query)).rows[0]!.n;

beforeAll(async () => {
  db = await freshDb();
  webhookId = await createTestWebhook(db, "Kept");
  // 12,000 messages, one an hour back from now: statuses cycle, each with an attempt and an event.
  await db.execute(sql`
    insert into events (id, type, payload, source, created_at)
    select 'evt_r' || i, 'application.created', '{}', 'api', now() - (i || ' hours')::interval
    from generate_series(1, 12000) i`);
  await db.execute(sql`
    insert into messages (id, webhook_id, event_id, kind, event_type, payload, status, attempts, created_at, deadline_at)
    select 'msg_r' || i, ${webhookId}, 'evt_r' || i, 'event', 'application.created', '{}',
           (array['success','failed','cancelled','retrying']::message_status[])[1 + i % 4], 1,
           now() - (i || ' hours')::interval, now()
    from generate_series(1, 12000) i`);
  await db.execute(sql`
    insert into attempts (message_id, webhook_id, number, started_at, duration_ms, request, success)
    select 'msg_r' || i, ${webhookId}, 1, now() - (i || ' hours')::interval, 10,
           '{"url": "", "method": "POST", "headers": {}, "body": ""}', true
    from generate_series(1, 12000) i`);
});

describe("retention", () => {
  it("removes finished messages, their attempts and events past the age, in batches", async () => {
    await db.insert(settings).values({ key: "retention", value: { days: 400 } });
    const now = new Date();
    const cutoff = new Date(now.getTime() - 400 * 24 * 3600_000).toISOString();
    const finishedAndOld = await count(
      sql`select count(*)::int as n from messages where created_at < ${cutoff}::timestamptz and status <> 'retrying'`,
    );
    expect(finishedAndOld).toBeGreaterThan(1700); // three quarters of the 2,400 hours past 400 days
    const result = await pruneOldMessages(db, now);
    expect(result.more).toBe(false);
    expect(result.messages).toBe(finishedAndOld);
    expect(await count(sql`select count(*)::int as n from messages`)).toBe(12000 - result.messages);
    expect(
      await count(
        sql`select count(*)::int as n from messages where created_at < now() - interval '400 days' and status <> 'retrying'`,
      ),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as n from attempts`)).toBe(12000 - result.messages);
    // An event goes only once no message refers to it.
    expect(result.events).toBe(result.messages);
    // Everything younger, and every retrying message, is still there.
    expect(
      await count(
        sql`select count(*)::int as n from messages where created_at > ${cutoff}::timestamptz`,
      ),
    ).toBeGreaterThanOrEqual(9599);
    expect(
      await count(sql`select count(*)::int as n from messages where status = 'retrying'`),
    ).toBe(3000);
  });

  it("stops at its time budget and says more remains", async () => {
    await db.update(settings).set({ value: { days: 1 } });
    const first = await pruneOldMessages(db, new Date(), 0);
    expect(first.more).toBe(true);
    expect(first.messages).toBe(5000);
    const rest = await pruneOldMessages(db);
    expect(rest.more).toBe(false);
  });
});
