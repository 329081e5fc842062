import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { apiDb, call, keysByRole, startReceiver, unique } from "@/test/api/client";
import { waitFor } from "@/test/wait-for";
import { messagePageSchema, messageSchema } from "../resources";

let keys: Awaited<ReturnType<typeof keysByRole>>;
beforeAll(async () => {
  keys = await keysByRole();
});

/** A webhook of its own product, retrying once after a second, at a receiver we control. */
async function setup(answer: { status: number }) {
  const receiver = await startReceiver(() => answer.status);
  const product = unique("PRD-msg").replace(" ", "-");
  const created = await call(keys.editor, "POST", "/webhooks", {
    body: {
      name: unique("API messages"),
      url: `${receiver.url}/hook`,
      eventTypes: ["application.*"],
      product,
      retryPolicy: "custom",
      retrySchedule: [1],
    },
  });
  expect(created.status).toBe(201);
  const publish = async (id: number) => {
    const answer = await call(keys.editor, "POST", "/events", {
      body: { type: "application.created", product, payload: { application: { id } } },
    });
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  return { receiver, webhookId: created.body.id as string, publish };
}

const statusOf = async (id: string) =>
  (await apiDb().select({ s: messages.status }).from(messages).where(eq(messages.id, id)))[0]?.s;

describe("messages over the REST API", () => {
  it("lists failed messages, shows their attempts, recovers them, and retries and cancels by id", async () => {
    const answer = { status: 500 };
    const { receiver, webhookId, publish } = await setup(answer);
    const since = new Date(Date.now() - 1000).toISOString();
    const eventId = await publish(1);

    const event = await call(keys.viewer, "GET", `/events/${eventId}`);
    expect(event.status).toBe(200);
    expect(event.body.messages).toHaveLength(1);
    const messageId = event.body.messages[0].id as string;

    // One attempt and one retry a second later, both 500: Failed.
    await waitFor(async () => (await statusOf(messageId)) === "failed");
    const failed = await call(keys.viewer, "GET", "/failed-messages", { query: { webhookId } });
    expect(failed.status).toBe(200);
    expect(messagePageSchema.parse(failed.body).data.map((m) => m.id)).toEqual([messageId]);

    const detail = await call(keys.viewer, "GET", `/messages/${messageId}`);
    const message = messageSchema.parse(detail.body);
    expect(message.attemptList.map((a) => a.responseStatus)).toEqual([500, 500]);
    expect(message.payload).toEqual({ application: { id: 1 } });
    expect(JSON.stringify(detail.body)).not.toMatch(/whsec_|v1,[A-Za-z0-9+/=]{20,}/);

    // Recover: everything that failed since then is delivered again, now to a healthy receiver.
    answer.status = 200;
    const recovered = await call(keys.editor, "POST", "/messages/recover", {
      body: { since, webhookId },
    });
    expect(recovered.status).toBe(202);
    expect(recovered.body.count).toBe(1);
    await waitFor(async () => (await statusOf(messageId)) === "success");
    expect(receiver.requests).toHaveLength(3);

    // Cancel a finished message: 409. Retry it: delivered again as a new round.
    const cancel = await call(keys.editor, "POST", `/messages/${messageId}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe("conflict");
    const retried = await call(keys.editor, "POST", `/messages/${messageId}/retry`);
    expect(retried.status).toBe(202);
    // Recover was round 2; this is round 3.
    expect(retried.body).toEqual({ round: 3, redelivered: true });
    await waitFor(async () => receiver.requests.length === 4);
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"]))).toEqual(
      new Set([messageId]),
    );
    const missing = await call(keys.editor, "POST", "/messages/msg_nothere/retry");
    expect(missing.status).toBe(404);
  });

  it("cancels a retrying message: no further attempt goes out", async () => {
    const { receiver, publish, webhookId } = await setup({ status: 503 });
    // Retry-After far away keeps the message Retrying while we cancel it.
    await call(keys.editor, "PATCH", `/webhooks/${webhookId}`, {
      body: { retryPolicy: "custom", retrySchedule: [3600] },
    });
    const event = await call(keys.viewer, "GET", `/events/${await publish(7)}`);
    const messageId = event.body.messages[0].id as string;
    await waitFor(async () => (await statusOf(messageId)) === "retrying");
    const cancelled = await call(keys.editor, "POST", `/messages/${messageId}/cancel`);
    expect(cancelled.status).toBe(204);
    expect(await statusOf(messageId)).toBe("cancelled");
    const again = await call(keys.editor, "POST", `/messages/${messageId}/cancel`);
    expect(again.status).toBe(409);
    expect(receiver.requests).toHaveLength(1);
  });

  it("deletes failed messages of one webhook, up to a time", async () => {
    const { webhookId, publish } = await setup({ status: 500 });
    await publish(1);
    await publish(2);
    await waitFor(async () => {
      const page = await call(keys.viewer, "GET", "/failed-messages", { query: { webhookId } });
      return page.body.data.length === 2;
    });
    const none = await call(keys.editor, "DELETE", "/failed-messages", {
      query: { webhookId, until: "2000-01-01T00:00:00Z" },
    });
    expect(none.body.count).toBe(0);
    const deleted = await call(keys.editor, "DELETE", "/failed-messages", { query: { webhookId } });
    expect(deleted.status).toBe(200);
    expect(deleted.body.count).toBe(2);
    const after = await call(keys.viewer, "GET", `/webhooks/${webhookId}/messages`);
    expect(after.body.data).toEqual([]);
    const badUntil = await call(keys.editor, "DELETE", "/failed-messages", {
      query: { until: "yesterday" },
    });
    expect(badUntil.status).toBe(400);
    expect(badUntil.body.error.field).toBe("until");
  });

  it("pages a webhook's messages newest first with the Logs tab's filters", async () => {
    const { webhookId, publish } = await setup({ status: 200 });
    for (let i = 1; i <= 5; i++) await publish(i);
    await waitFor(async () => {
      const page = await call(keys.viewer, "GET", `/webhooks/${webhookId}/messages`, {
        query: { status: "success" },
      });
      return page.body.count === 5;
    });
    const first = await call(keys.viewer, "GET", `/webhooks/${webhookId}/messages`, {
      query: { limit: "3" },
    });
    const firstPage = messagePageSchema.parse(first.body);
    expect(firstPage.data).toHaveLength(3);
    expect(firstPage.count).toBe(5);
    expect(firstPage.prevCursor).toBeNull();
    const second = await call(keys.viewer, "GET", `/webhooks/${webhookId}/messages`, {
      query: { limit: "3", cursor: firstPage.nextCursor! },
    });
    const secondPage = messagePageSchema.parse(second.body);
    expect(secondPage.data).toHaveLength(2);
    const ids = [...firstPage.data, ...secondPage.data].map((m) => m.id);
    expect(new Set(ids).size).toBe(5);
    const created = [...firstPage.data, ...secondPage.data].map((m) => m.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const across = await call(keys.viewer, "GET", "/messages", {
      query: { webhookId, status: "failed" },
    });
    expect(across.body.data).toEqual([]);
    for (const [query, field] of [
      [{ status: "lost" }, "status"],
      [{ limit: "0" }, "limit"],
      [{ limit: "101" }, "limit"],
      [{ range: "2d" }, "range"],
      [{ page: "2" }, "page"],
    ] as const) {
      const bad = await call(keys.viewer, "GET", `/webhooks/${webhookId}/messages`, { query });
      expect(bad.status, JSON.stringify(query)).toBe(400);
      expect(bad.body.error.field).toBe(field);
    }
  });
});
