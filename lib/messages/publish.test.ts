import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { events, messages } from "@/db/schema";
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
