import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { events, messages, webhookFilterBuckets, webhooks } from "@/db/schema";
import { getFilterCounts } from "@/lib/stats/queries";
import { MESSAGE_ID_RE } from "@/lib/messages/schemas";
import { createTestWebhook, freshDb } from "@/test/db";
import { publishEvent } from "./publish";

let db: Db;
const hooks: string[] = [];

beforeAll(async () => {
  db = await freshDb();
  for (const name of ["Publish A", "Publish B", "Publish C"]) {
    hooks.push(await createTestWebhook(db, name));
  }
  await createTestWebhook(db, "Publish off", { enabled: false });
  await createTestWebhook(db, "Publish other type", { eventTypes: ["user.*"] });
});

describe("publishEvent", () => {
  it("stores the event and one message per subscribed enabled webhook, with message ids of the usual form", async () => {
    const published = await publishEvent(db, {
      type: "application.created",
      payload: { application: { id: 7 } },
      source: "api",
    });
    expect(published.replay).toBe(false);
    expect(published.messageCount).toBe(3);
    expect(published.messages.map((m) => m.webhookId).sort()).toEqual([...hooks].sort());
    for (const { id } of published.messages) expect(id).toMatch(MESSAGE_ID_RE);
    expect(new Set(published.messages.map((m) => m.id)).size).toBe(3);

    const stored = await db
      .select({ id: messages.id, payload: messages.payload, eventId: messages.eventId })
      .from(messages)
      .where(eq(messages.eventId, published.eventId));
    expect(stored.map((m) => m.id).sort()).toEqual(published.messages.map((m) => m.id).sort());
    for (const m of stored) expect(m.payload).toEqual({ application: { id: 7 } });
    const [event] = await db.select().from(events).where(eq(events.id, published.eventId));
    expect(event).toMatchObject({ type: "application.created", messageCount: 3, source: "api" });
  });

  it("stores an event with no subscriber, with no message", async () => {
    const published = await publishEvent(db, { type: "invoice.paid", payload: {}, source: "api" });
    expect(published).toMatchObject({ messageCount: 0, messages: [], replay: false });
    const [event] = await db.select().from(events).where(eq(events.id, published.eventId));
    expect(event?.messageCount).toBe(0);
  });

  it("publishers of one idempotency key at once store one event and all get its id", async () => {
    const key = `same-key-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        publishEvent(db, {
          type: "application.created",
          payload: { application: { id: 8 } },
          idempotencyKey: key,
          source: "api",
        }),
      ),
    );
    expect(answers.filter((a) => !a.replay)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.eventId)).size).toBe(1);
    for (const answer of answers) expect(answer.messageCount).toBe(3);
    const [stored] = await db
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.eventId, answers[0]!.eventId));
    expect(stored?.n).toBe(3);
  });
});

describe("publishEvent with payload filters", () => {
  let big: string;
  let eu: string;
  let broken: string;

  beforeAll(async () => {
    big = await createTestWebhook(db, "Filter big", {
      eventTypes: ["asset_request.*"],
      filter: 'event.data.amount > 1000 && event.product == "PRD-1"',
    });
    eu = await createTestWebhook(db, "Filter custom data", {
      eventTypes: ["asset_request.*"],
      customData: '{"region": "eu"}',
      filter: "event.custom_data.region == event.data.region",
    });
    // Compiles, but fails on any event without `customer`.
    broken = await createTestWebhook(db, "Filter missing field", {
      eventTypes: ["asset_request.*"],
      filter: 'event.data.customer.tier == "gold"',
    });
  });

  const publish = (payload: Record<string, unknown>, product: string | null = "PRD-1") =>
    publishEvent(db, { type: "asset_request.created", product, payload, source: "api" });
  const receivers = (published: Awaited<ReturnType<typeof publish>>) =>
    published.messages.map((m) => m.webhookId).sort();

  it("makes messages only for the webhooks whose filter matches", async () => {
    const first = await publish({ amount: 1500, region: "eu" });
    expect(receivers(first)).toEqual([big, eu].sort());
    const [event] = await db.select().from(events).where(eq(events.id, first.eventId));
    expect(event?.messageCount).toBe(2);

    expect(receivers(await publish({ amount: 1500, region: "us" }, "PRD-2"))).toEqual([]);
    expect(receivers(await publish({ amount: 10, region: "eu" }))).toEqual([eu]);
    expect(receivers(await publish({ amount: 10, customer: { tier: "gold" } }))).toEqual([broken]);
  });

  it("counts what each filter turned away, failures apart with their reason, and stores the event anyway", async () => {
    const before = await getFilterCounts(db, broken, "24h");
    const published = await publish({ amount: 5 });
    expect(published.messageCount).toBe(0);
    const [event] = await db.select().from(events).where(eq(events.id, published.eventId));
    expect(event).toMatchObject({ type: "asset_request.created", messageCount: 0 });
    const after = await getFilterCounts(db, broken, "24h");
    expect(after.failed).toBe(before.failed + 1);
    expect(after.unmatched).toBe(before.unmatched);
    expect(after.lastError?.error).toBe("No such key: customer");
    // For `big`, 5 is simply no match.
    expect((await getFilterCounts(db, big, "24h")).failed).toBe(0);
    expect((await getFilterCounts(db, big, "24h")).unmatched).toBeGreaterThan(0);
  });

  it("a replayed idempotency key counts nothing again", async () => {
    const input = {
      type: "asset_request.created",
      product: "PRD-1",
      payload: { amount: 1 },
      idempotencyKey: `filter-replay-${Date.now()}`,
      source: "api" as const,
    };
    await publishEvent(db, input);
    const counted = async () =>
      (await db.select().from(webhookFilterBuckets).where(eq(webhookFilterBuckets.webhookId, big)))
        .map((b) => b.unmatched)
        .reduce((a, b) => a + b, 0);
    const once = await counted();
    expect((await publishEvent(db, input)).replay).toBe(true);
    expect(await counted()).toBe(once);
  });

  it("many publishers at once are all counted", async () => {
    const before = (await getFilterCounts(db, big, "24h")).unmatched;
    await Promise.all(Array.from({ length: 20 }, () => publish({ amount: 2, region: "eu" })));
    expect((await getFilterCounts(db, big, "24h")).unmatched).toBe(before + 20);
  });

  it("a webhook whose filter is removed receives every subscribed event again", async () => {
    await db.update(webhooks).set({ filter: null }).where(eq(webhooks.id, big));
    expect(receivers(await publish({ amount: 1 }, null))).toContain(big);
  });
});
