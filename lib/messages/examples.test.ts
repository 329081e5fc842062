import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { events, messages } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { createTestWebhook, freshDb } from "@/test/db";
import { examplesForWebhook, sendExample } from "./examples";
import type { SendEvents } from "./operations";

let db: Db;
/** What was handed to the functions (the executor is not part of this test). */
const handed: unknown[] = [];
const send: SendEvents = async (payloads) => {
  handed.push(...payloads);
};
beforeAll(async () => {
  db = await freshDb();
});

const example = { application: { id: 42, name: "Edited in the console" } };

describe("a webhook's examples", () => {
  it("are the catalog's examples of the types it receives, patterns included", async () => {
    const id = await createTestWebhook(db, "Example choices", {
      eventTypes: ["application.*", "ping"],
      product: "PRD-CHOICES",
    });
    const choices = await examplesForWebhook(db, id);
    const types = choices.map((c) => c.type);
    expect(types).toContain("application.created");
    expect(types).toContain("ping");
    expect(types.every((t) => t === "ping" || t.startsWith("application."))).toBe(true);
    expect(choices.find((c) => c.type === "application.created")?.payload).toMatchObject({
      application: expect.any(Object),
    });
  });

  it("of an unknown webhook are refused as not found", async () => {
    await expect(examplesForWebhook(db, "WH-000-000-000")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("sending an event type's example", () => {
  it("publishes a real event to every subscribed webhook, from the console", async () => {
    const a = await createTestWebhook(db, "Example A", { product: "PRD-EX" });
    const b = await createTestWebhook(db, "Example B", { product: "PRD-EX" });
    const other = await createTestWebhook(db, "Example other", { product: "PRD-OTHER" });
    const sent = await sendExample(db, send, {
      type: "application.created",
      product: "PRD-EX",
      payload: example,
    });
    expect(sent.eventId).toMatch(/^evt_/);
    expect(sent.messages.map((m) => m.webhookName).sort()).toEqual(["Example A", "Example B"]);
    expect(sent.messages.map((m) => m.webhookId)).not.toContain(other);
    const [event] = await db.select().from(events).where(eq(events.id, sent.eventId!));
    expect(event).toMatchObject({ source: "console", payload: example, messageCount: 2 });
    const stored = await db.select().from(messages).where(eq(messages.eventId, sent.eventId!));
    expect(stored.map((m) => m.webhookId).sort()).toEqual([a, b].sort());
    expect(handed.length).toBeGreaterThan(0);
  });

  it("from a webhook's page, sends a message to that webhook alone", async () => {
    const mine = await createTestWebhook(db, "Example mine");
    const bystander = await createTestWebhook(db, "Example bystander");
    const sent = await sendExample(db, send, {
      type: "application.created",
      payload: example,
      webhookId: mine,
    });
    expect(sent.eventId).toBeNull();
    expect(sent.messages).toEqual([
      { id: expect.stringMatching(/^msg_/), webhookId: mine, webhookName: "Example mine" },
    ]);
    const [message] = await db.select().from(messages).where(eq(messages.id, sent.messages[0]!.id));
    expect(message).toMatchObject({
      kind: "manual",
      eventType: "application.created",
      payload: example,
      status: "created",
    });
    expect(await db.select().from(messages).where(eq(messages.webhookId, bystander))).toEqual([]);
  });

  it("refuses, naming the field, a type the webhook does not receive or the catalog lacks", async () => {
    const accounts = await createTestWebhook(db, "Example accounts", {
      eventTypes: ["account.*"],
    });
    const refusal = (input: Parameters<typeof sendExample>[2]) =>
      sendExample(db, send, input).then(
        () => null,
        (error: DomainError) => ({ field: error.field, message: error.message }),
      );
    expect(
      await refusal({ type: "application.created", payload: example, webhookId: accounts }),
    ).toEqual({
      field: "type",
      message: "This webhook does not receive application.created",
    });
    expect(await refusal({ type: "nothing.here", payload: {} })).toEqual({
      field: "type",
      message: "Not an event type of the catalog",
    });
    expect(await db.select().from(messages).where(eq(messages.webhookId, accounts))).toEqual([]);
  });
});
