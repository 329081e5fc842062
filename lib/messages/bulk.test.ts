import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, messages } from "@/db/schema";
import type { Actor } from "@/lib/audit/mutations";
import { actorFor, createTestWebhook, freshDb } from "@/test/db";
import { countBulkTargets, runBulkAction } from "./bulk";

let db: Db;
let actor: Actor;
let webhookId: string;
let other: string;
/** What the bulk actions hand to the delivery functions. */
const sent: { name: string; data: Record<string, unknown> }[] = [];
const send = async (events: typeof sent) => void sent.push(...events);

async function seed(id: string, n: number, prefix: string) {
  await db.execute(sql`
    insert into messages (id, webhook_id, kind, event_type, payload, status, attempts, created_at, deadline_at)
    select ${prefix} || i, ${id}, 'event', 'application.created', '{}'::jsonb,
           (array['created','retrying','success','failed','cancelled']::message_status[])[1 + i % 5],
           1, now() - (i || ' hours')::interval, now()
    from generate_series(1, ${n}) i`);
}

beforeAll(async () => {
  db = await freshDb();
  actor = await actorFor(db, "editor");
  webhookId = await createTestWebhook(db, "Bulk");
  other = await createTestWebhook(db, "Other");
  await seed(webhookId, 1200, "msg_bulk");
  await seed(other, 50, "msg_other");
});

describe("bulk actions", () => {
  it("count what the filters show, within the webhook", async () => {
    expect(await countBulkTargets(db, "retry", { webhookId })).toBe(240);
    expect(await countBulkTargets(db, "cancel", { webhookId })).toBe(480);
    expect(await countBulkTargets(db, "retry", { webhookId, range: "24h" })).toBe(5);
    // A status filter that excludes the targets leaves none.
    expect(await countBulkTargets(db, "retry", { webhookId, status: "success" })).toBe(0);
  });

  it("retry every failed message in batches, as a new round each, and nothing else", async () => {
    const n = await runBulkAction(db, send, "retry", { webhookId }, actor);
    expect(n).toBe(240);
    // Due now, and drains asked for: a few events for the lot, not one per message.
    const drains = sent.filter((e) => e.name === "hookyard/retries.due");
    expect(drains.length).toBeGreaterThan(0);
    expect(drains.length).toBeLessThan(20);
    const [due] = await db
      .execute<{ n: number }>(
        sql`select count(*)::int as n from messages where webhook_id = ${webhookId}
            and status = 'retrying' and round = 2 and next_attempt_at <= now()`,
      )
      .then((r) => r.rows);
    expect(due!.n).toBe(240);
    const [left] = await db
      .execute<{ n: number }>(
        sql`select count(*)::int as n from messages where webhook_id = ${webhookId} and status = 'failed'`,
      )
      .then((r) => r.rows);
    expect(left!.n).toBe(0);
    const retried = await db.select().from(messages).where(eq(messages.id, "msg_bulk3"));
    expect(retried[0]).toMatchObject({ status: "retrying", round: 2 });
    const untouched = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from messages where webhook_id = ${other} and status = 'failed'`,
    );
    expect(untouched.rows[0]!.n).toBe(10);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "messages.bulk_retry"));
    expect(audit).toMatchObject({
      entityId: webhookId,
      changes: { messages: { from: null, to: 240 } },
    });
  });

  it("cancel pending messages, which no drain claims again; delete failed ones", async () => {
    expect(await runBulkAction(db, send, "cancel", { webhookId: other }, actor)).toBe(20);
    const [pending] = await db
      .execute<{ n: number }>(
        sql`select count(*)::int as n from messages where webhook_id = ${other}
            and (status in ('created', 'retrying') or next_attempt_at is not null)`,
      )
      .then((r) => r.rows);
    expect(pending!.n).toBe(0);
    expect(await runBulkAction(db, send, "delete", { webhookId: other }, actor)).toBe(10);
    const rows = await db.execute<{ status: string; n: number }>(
      sql`select status::text, count(*)::int as n from messages where webhook_id = ${other} group by 1 order by 1`,
    );
    expect(rows.rows).toEqual([
      { status: "cancelled", n: 30 },
      { status: "success", n: 10 },
    ]);
  });
});
