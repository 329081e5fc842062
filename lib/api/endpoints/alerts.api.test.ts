import { beforeAll, describe, expect, it } from "vitest";
import { call, keysByRole, startReceiver, unique } from "@/test/api/client";
import { ALERT_EVENT_TYPES } from "@/lib/alerts/types";

let keys: Awaited<ReturnType<typeof keysByRole>>;
beforeAll(async () => {
  keys = await keysByRole();
});

const ALERT_TYPES = ALERT_EVENT_TYPES.map((t) => t.name);

describe("operational alerts over the REST API", () => {
  it("a webhook Hookyard disables is listed in GET /alerts, for any role, paged by cursor", async () => {
    const receiver = await startReceiver(() => 410);
    const name = unique("API gone");
    const created = await call(keys.editor, "POST", "/webhooks", {
      body: { name, url: `${receiver.url}/gone`, eventTypes: ["account.created"] },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const triggered = await call(keys.editor, "POST", `/webhooks/${id}/trigger`);
    expect(triggered.body).toMatchObject({ status: "failed", lastResponseStatus: 410 });

    const listed = await call(keys.viewer, "GET", "/alerts", { query: { limit: "100" } });
    expect(listed.status).toBe(200);
    // The failed ping is a message failed for good too: the alerts job may list that one first.
    const alert = listed.body.data.find(
      (a: { webhookId: string; type: string }) =>
        a.webhookId === id && a.type === "hookyard.webhook_disabled",
    );
    expect(alert).toMatchObject({
      type: "hookyard.webhook_disabled",
      title: `${name} was disabled: The endpoint answered 410 Gone`,
      count: 1,
      data: { webhook: { id, name }, reason: "The endpoint answered 410 Gone" },
    });

    const first = await call(keys.viewer, "GET", "/alerts", { query: { limit: "1" } });
    expect(first.body.data).toHaveLength(1);
    if (first.body.nextCursor) {
      const next = await call(keys.viewer, "GET", "/alerts", {
        query: { limit: "1", cursor: first.body.nextCursor },
      });
      expect(next.status).toBe(200);
      expect(next.body.data[0]?.id).not.toBe(first.body.data[0].id);
    }
  });

  it("names a bad cursor or limit; refuses a call without a key", async () => {
    const bad = await call(keys.viewer, "GET", "/alerts", { query: { cursor: "not-ours" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("cursor");
    const limit = await call(keys.viewer, "GET", "/alerts", { query: { limit: "500" } });
    expect(limit.body.error.field).toBe("limit");
    expect((await call(null, "GET", "/alerts")).status).toBe(401);
  });

  it("the alert event types are in the catalog with examples, and only Hookyard publishes them", async () => {
    const catalog = await call(keys.viewer, "GET", "/event-types");
    for (const type of ALERT_TYPES) {
      const entry = catalog.body.data.find((t: { name: string }) => t.name === type);
      expect(entry?.description, type).toBeTruthy();
      expect(Object.keys(entry.examplePayload).length, type).toBeGreaterThan(0);
    }
    const published = await call(keys.admin, "POST", "/events", {
      body: { type: "hookyard.webhook_disabled", payload: { forged: true } },
    });
    expect(published.status).toBe(422);
    expect(published.body.error).toMatchObject({ code: "unprocessable", field: "type" });
    const named = await call(keys.admin, "POST", "/event-types", {
      body: { name: "hookyard.custom_alert" },
    });
    expect(named.status).toBe(400);
    expect(named.body.error.field).toBe("name");
  });
});
