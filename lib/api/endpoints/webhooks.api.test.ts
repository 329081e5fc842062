import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, messages, webhooks } from "@/db/schema";
import { apiDb, call, keysByRole, startReceiver, unique } from "@/test/api/client";
import { waitFor } from "@/test/wait-for";
import { E2E } from "@/e2e/e2e-settings";
import { decryptSecret } from "@/lib/crypto/secrets";
import { decodeKey } from "@/lib/env";
import { webhookPageSchema, webhookSchema, webhookSummarySchema } from "../resources";

let keys: Awaited<ReturnType<typeof keysByRole>>;
/** The key the suite's console encrypts with, to check what it stored. */
const consoleKey = decodeKey(E2E.secrets.HOOKYARD_ENCRYPTION_KEY)!;
beforeAll(async () => {
  keys = await keysByRole();
});

/** Webhooks with a product of their own get only the events published for it. */
const PRODUCT = unique("PRD-webhooks").replace(" ", "-");
const newWebhook = (name: string, url: string, extra: Record<string, unknown> = {}) =>
  call(keys.editor, "POST", "/webhooks", {
    body: { name, url, eventTypes: ["application.*"], product: PRODUCT, ...extra },
  });

describe("webhooks over the REST API", () => {
  it("creates a webhook with the wizard's defaults and reads it back", async () => {
    const name = unique("API create");
    const created = await newWebhook(name, "https://example.com/hook?tenant=acme&api_key=qk-7d1e", {
      headers: [
        { name: "X-Tenant", value: "acme" },
        { name: "Authorization", value: "Basic c2VjcmV0" },
        { name: "X-Region", value: "eu-flagged", secret: true },
      ],
    });
    expect(created.status).toBe(201);
    const webhook = webhookSchema.parse(created.body);
    expect(webhook).toMatchObject({
      name,
      method: "POST",
      format: "json",
      signing: "standard",
      enabled: true,
      connectTimeoutSeconds: 3,
      responseTimeoutSeconds: 10,
      retryPolicy: "exponential",
    });
    expect(webhook.id).toMatch(/^WH-\d{3}-\d{3}-\d{3}$/);
    expect(JSON.stringify(created.body)).not.toMatch(/whsec_|secretEncrypted/);

    // Every key sees that a credential is there, not what it is: credentials are write-only.
    for (const key of [keys.admin, keys.editor, keys.viewer]) {
      const read = await call(key, "GET", `/webhooks/${webhook.id}`);
      expect(read.status).toBe(200);
      expect(read.body.headers).toEqual({
        "X-Tenant": "acme",
        Authorization: "••••••••",
        "X-Region": "••••••••",
      });
      expect(read.body.url).toBe("https://example.com/hook?tenant=acme&api_key=••••••••");
      expect(JSON.stringify(read.body)).not.toMatch(/c2VjcmV0|qk-7d1e|eu-flagged/);
    }
    // A patch of another field, or the answer sent back as it is, keeps them.
    const patched = await call(keys.editor, "PATCH", `/webhooks/${webhook.id}`, {
      body: { description: "patched", url: created.body.url, headers: created.body.headers },
    });
    expect(patched.status).toBe(200);
    const [row] = await apiDb().select().from(webhooks).where(eq(webhooks.id, webhook.id));
    const open = (sealed: string) => decryptSecret(sealed, consoleKey);
    expect(open(row!.urlSealed!)).toBe("https://example.com/hook?tenant=acme&api_key=qk-7d1e");
    expect(row!.headers.map((h) => h.value ?? open(h.sealed!))).toEqual([
      "acme",
      "Basic c2VjcmV0",
      "eu-flagged",
    ]);
    expect(JSON.stringify(row)).not.toMatch(/c2VjcmV0|qk-7d1e|eu-flagged/);

    const [audit] = await apiDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, webhook.id), eq(auditLog.action, "created")));
    expect(audit?.actorLabel).toMatch(/^API key "suite editor/);
  });

  it("names the field at fault and stores nothing", async () => {
    const name = unique("API invalid");
    const cases: [Record<string, unknown>, string][] = [
      [{ name, eventTypes: ["application.*"] }, "url"],
      [
        { name, url: "https://example.com", eventTypes: ["application.*"], product: "a b" },
        "product",
      ],
      [{ name, url: "ftp://example.com", eventTypes: ["application.*"] }, "url"],
      // Credentials in the URL were dropped silently: no Authorization reached the receiver.
      [{ name, url: "http://alice:pa55word@example.com/h", eventTypes: ["application.*"] }, "url"],
      [{ name, url: "https://token@example.com/h", eventTypes: ["application.*"] }, "url"],
      [{ name, url: "https://example.com", eventTypes: [] }, "eventTypes"],
      [{ name, url: "https://example.com", eventTypes: ["nope.thing"] }, "eventTypes"],
      [
        { name, url: "https://example.com", eventTypes: ["application.*"], method: "PATCH" },
        "method",
      ],
      [
        {
          name,
          url: "https://example.com",
          eventTypes: ["application.*"],
          connectTimeoutSeconds: 99,
        },
        "connectTimeoutSeconds",
      ],
      [
        { name, url: "https://example.com", eventTypes: ["application.*"], colour: "red" },
        "colour",
      ],
      // Headers no delivery could carry: each used to be stored, then fail every attempt.
      ...["Expect", "Upgrade", "Keep-Alive", "TE"].map(
        (header): [Record<string, unknown>, string] => [
          {
            name,
            url: "https://example.com",
            eventTypes: ["application.*"],
            headers: { [header]: "x" },
          },
          "headers",
        ],
      ),
      ...["a\u2028b", "a\u0007b", "数据"].map((value): [Record<string, unknown>, string] => [
        {
          name,
          url: "https://example.com",
          eventTypes: ["application.*"],
          headers: { "X-Odd": value },
        },
        "headers",
      ]),
      [
        {
          name,
          url: "https://example.com",
          eventTypes: ["application.*"],
          customData: JSON.parse(`${'{"a":'.repeat(40)}{}${"}".repeat(40)}`),
        },
        "customData",
      ],
      ...[0, 1.5, 10_001, "fast"].map((rateLimitPerSecond): [Record<string, unknown>, string] => [
        { name, url: "https://example.com", eventTypes: ["application.*"], rateLimitPerSecond },
        "rateLimitPerSecond",
      ]),
      // Payload filters: a syntax error, a type error, an expression that is not a condition.
      ...["event.data.amount >", "payload.amount > 1", "1 + 2", 42].map(
        (filter): [Record<string, unknown>, string] => [
          { name, url: "https://example.com", eventTypes: ["application.*"], filter },
          "filter",
        ],
      ),
    ];
    for (const [body, field] of cases) {
      const answer = await call(keys.editor, "POST", "/webhooks", { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe("invalid_request");
      expect(answer.body.error.field).toBe(field);
      expect(answer.body.error.message).toContain(field);
    }
    const notJson = await call(keys.editor, "POST", "/webhooks", { raw: "{name: " });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.field).toBe("body");
    expect(await apiDb().select().from(webhooks).where(eq(webhooks.name, name))).toEqual([]);
  });

  it("refuses a second webhook with the same name with 409", async () => {
    const name = unique("API twice");
    expect((await newWebhook(name, "https://example.com/a")).status).toBe(201);
    const again = await newWebhook(name, "https://example.com/b");
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "conflict", field: "name" });
  });

  it("lists with a filter, a sort, a total and cursors that page without overlap", async () => {
    const tag = unique("Paged").replace(" ", "-");
    for (let i = 0; i < 5; i++) {
      expect((await newWebhook(`${tag} ${i}`, `https://example.com/${i}`)).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const answer = await call(keys.viewer, "GET", "/webhooks", {
        query: { q: tag, sort: "name.asc", limit: "2", ...(cursor ? { cursor } : {}) },
      });
      expect(answer.status).toBe(200);
      const body = webhookPageSchema.parse(answer.body);
      expect(body.total).toBe(5);
      seen.push(...body.data.map((w) => w.name));
      cursor = body.nextCursor ?? undefined;
      if (page < 2) expect(cursor).toBeTruthy();
    }
    expect(cursor).toBeUndefined();
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));

    const bad = await call(keys.viewer, "GET", "/webhooks", { query: { sort: "secret.asc" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("sort");
    const badCursor = await call(keys.viewer, "GET", "/webhooks", { query: { cursor: "zzz" } });
    expect(badCursor.body.error.field).toBe("cursor");
  });

  it("lists by product: one product's webhooks, or with * those for every product", async () => {
    const tag = unique("Products").replace(" ", "-");
    const product = `${PRODUCT}-only`;
    expect((await newWebhook(`${tag} scoped`, "https://example.com/s", { product })).status).toBe(
      201,
    );
    expect(
      // Disabled: a webhook for every product would get the other tests' events too.
      (await newWebhook(`${tag} every`, "https://example.com/e", { product: null, enabled: false }))
        .status,
    ).toBe(201);
    const names = async (query: Record<string, string>) => {
      const answer = await call(keys.viewer, "GET", "/webhooks", { query: { q: tag, ...query } });
      expect(answer.status).toBe(200);
      // The summary stays as documented: the console's health fields are not in it.
      for (const w of answer.body.data) {
        expect(Object.keys(w).sort()).toEqual(Object.keys(webhookSummarySchema.shape).sort());
      }
      return webhookPageSchema.parse(answer.body).data.map((w) => w.name);
    };
    expect(await names({ product })).toEqual([`${tag} scoped`]);
    expect(await names({ product: "*" })).toEqual([`${tag} every`]);
    expect((await names({})).sort()).toEqual([`${tag} every`, `${tag} scoped`]);
  });

  it("updates only the fields sent, checks the result as a whole, and audits it", async () => {
    const created = await newWebhook(unique("API patch"), "https://example.com/old", {
      description: "kept",
    });
    const id = created.body.id as string;
    const patched = await call(keys.editor, "PATCH", `/webhooks/${id}`, {
      body: { url: "https://example.com/new", retryPolicy: "fixed_5x60s" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      url: "https://example.com/new",
      description: "kept",
      retryPolicy: "fixed_5x60s",
    });
    // A custom policy without its schedule is refused as the form refuses it.
    const refused = await call(keys.editor, "PATCH", `/webhooks/${id}`, {
      body: { retryPolicy: "custom" },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe("retrySchedule");
    const [row] = await apiDb().select().from(webhooks).where(eq(webhooks.id, id));
    expect(row!.retryPolicy).toBe("fixed_5x60s");
    const missing = await call(keys.editor, "PATCH", "/webhooks/WH-000-000-001", { body: {} });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("replaces a whole webhook with PUT, as Apigee updates one", async () => {
    const created = await newWebhook(unique("API put"), "https://example.com/old?api_key=k-91f", {
      description: "dropped by the PUT",
      headers: [{ name: "X-Api-Key", value: "put-secret-77" }],
      retryPolicy: "fixed_5x60s",
    });
    const id = created.body.id as string;

    // A GET answer, edited and sent back whole: read-only fields are ignored, masks keep.
    const read = await call(keys.viewer, "GET", `/webhooks/${id}`);
    const replaced = await call(keys.editor, "PUT", `/webhooks/${id}`, {
      body: { ...read.body, name: "Renamed by PUT", method: "PUT" },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id,
      name: "Renamed by PUT",
      method: "PUT",
      description: "dropped by the PUT",
      retryPolicy: "fixed_5x60s",
      headers: { "X-Api-Key": "••••••••" },
      createdAt: read.body.createdAt,
    });
    const [kept] = await apiDb().select().from(webhooks).where(eq(webhooks.id, id));
    expect(decryptSecret(kept!.urlSealed!, consoleKey)).toBe(
      "https://example.com/old?api_key=k-91f",
    );
    expect(decryptSecret(kept!.headers[0]!.sealed!, consoleKey)).toBe("put-secret-77");

    // Only the required fields: everything else takes the creation defaults, not its old value.
    // (Disabled: with no product it would get every other test's events.)
    const minimal = await call(keys.editor, "PUT", `/webhooks/${id}`, {
      body: {
        name: "Minimal",
        url: "https://example.com/new",
        eventTypes: ["application.created"],
        enabled: false,
      },
    });
    expect(minimal.status).toBe(200);
    expect(minimal.body).toMatchObject({
      name: "Minimal",
      url: "https://example.com/new",
      description: "",
      method: "POST",
      headers: {},
      product: null,
      retryPolicy: "exponential",
    });

    // Refused whole, naming the field; nothing changes.
    const noUrl = await call(keys.editor, "PUT", `/webhooks/${id}`, {
      body: { name: "No URL", eventTypes: ["application.created"] },
    });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error.field).toBe("url");
    const otherId = await call(keys.editor, "PUT", `/webhooks/${id}`, {
      body: { ...minimal.body, id: "WH-000-000-001", name: "Wrong id" },
    });
    expect(otherId.status).toBe(400);
    expect(otherId.body.error.field).toBe("id");
    const [row] = await apiDb().select().from(webhooks).where(eq(webhooks.id, id));
    expect(row!.name).toBe("Minimal");

    const missing = await call(keys.editor, "PUT", "/webhooks/WH-000-000-001", {
      body: { name: "x", url: "https://example.com", eventTypes: ["application.created"] },
    });
    expect(missing.status).toBe(404);
    const viewer = await call(keys.viewer, "PUT", `/webhooks/${id}`, { body: minimal.body });
    expect(viewer.status).toBe(403);
  });

  it("disables and enables, rotates and reveals the secret with each reveal audited", async () => {
    const id = (await newWebhook(unique("API secret"), "https://example.com/s")).body.id as string;
    const disabled = await call(keys.editor, "POST", `/webhooks/${id}/disable`);
    expect(disabled.body.enabled).toBe(false);
    const enabled = await call(keys.editor, "POST", `/webhooks/${id}/enable`);
    expect(enabled.body.enabled).toBe(true);

    const before = await call(keys.editor, "GET", `/webhooks/${id}/secret`);
    expect(before.body.secret).toMatch(/^whsec_/);
    const rotated = await call(keys.editor, "POST", `/webhooks/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(before.body.secret);
    const after = await call(keys.editor, "GET", `/webhooks/${id}/secret`);
    expect(after.body.secret).toBe(rotated.body.secret);
    const viewer = await call(keys.viewer, "GET", `/webhooks/${id}/secret`);
    expect(viewer.status).toBe(403);
    expect(JSON.stringify(viewer.body)).not.toContain("whsec_");

    const actions = (
      await apiDb()
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.entityId, id))
    ).map((r) => r.action);
    expect(actions.filter((a) => a === "secret.revealed")).toHaveLength(3);
    expect(actions).toContain("secret.regenerated");
  });

  it("a rotation keeps the old secret signing for the grace period asked, a day by default", async () => {
    const id = (await newWebhook(unique("API grace"), "https://example.com/g")).body.id as string;
    expect((await call(keys.viewer, "GET", `/webhooks/${id}`)).body.previousSecretExpiresAt).toBe(
      null,
    );
    const before = Date.now();
    const byDefault = await call(keys.editor, "POST", `/webhooks/${id}/rotate-secret`);
    const until = Date.parse(byDefault.body.previousSecretExpiresAt);
    expect(until - before).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 1000);
    expect(until - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    const read = await call(keys.viewer, "GET", `/webhooks/${id}`);
    expect(read.body.previousSecretExpiresAt).toBe(byDefault.body.previousSecretExpiresAt);

    const hour = await call(keys.editor, "POST", `/webhooks/${id}/rotate-secret`, {
      body: { graceSeconds: 3600 },
    });
    expect(Date.parse(hour.body.previousSecretExpiresAt) - Date.now()).toBeLessThanOrEqual(
      3600 * 1000,
    );
    const now = await call(keys.editor, "POST", `/webhooks/${id}/rotate-secret`, {
      body: { graceSeconds: 0 },
    });
    expect(now.body.previousSecretExpiresAt).toBe(null);
    expect((await call(keys.viewer, "GET", `/webhooks/${id}`)).body.previousSecretExpiresAt).toBe(
      null,
    );

    const tooLong = await call(keys.editor, "POST", `/webhooks/${id}/rotate-secret`, {
      body: { graceSeconds: 8 * 24 * 3600 },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.field).toBe("graceSeconds");
    // Refused whole: the secret did not change.
    const secret = await call(keys.editor, "GET", `/webhooks/${id}/secret`);
    expect(secret.body.secret).toBe(now.body.secret);
  });

  it("Trigger Now sends the ping and the statistics count it", async () => {
    const receiver = await startReceiver();
    const id = (await newWebhook(unique("API trigger"), `${receiver.url}/hook`)).body.id as string;
    const triggered = await call(keys.editor, "POST", `/webhooks/${id}/trigger`);
    expect(triggered.status).toBe(200);
    expect(triggered.body).toMatchObject({ status: "success", lastResponseStatus: 200 });
    expect(JSON.parse(receiver.requests[0]!.body).payload).toMatchObject({ type: "ping" });
    const stats = await call(keys.viewer, "GET", `/webhooks/${id}/statistics`, {
      query: { range: "7d" },
    });
    expect(stats.status).toBe(200);
    expect(stats.body.counters).toMatchObject({ triggers: 1, successes: 1, failures: 0 });
    expect(stats.body.series).toHaveLength(28);
    const badRange = await call(keys.viewer, "GET", `/webhooks/${id}/statistics`, {
      query: { range: "1y" },
    });
    expect(badRange.body.error.field).toBe("range");
  });

  it("a payload filter lets only matching events through; the statistics count the others", async () => {
    const receiver = await startReceiver();
    const product = unique("PRD-filter").replace(" ", "-");
    const created = await newWebhook(unique("API filter"), `${receiver.url}/hook`, {
      product,
      filter: "event.data.application.id > 100",
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(webhookSchema.parse(created.body).filter).toBe("event.data.application.id > 100");
    const publish = (payload: Record<string, unknown>) =>
      call(keys.editor, "POST", "/events", {
        body: { type: "application.created", product, payload },
      });
    const small = await publish({ application: { id: 7 } });
    const missing = await publish({ other: true });
    const large = await publish({ application: { id: 700 } });
    expect([small.body.messages, missing.body.messages, large.body.messages]).toEqual([0, 0, 1]);
    await waitFor(async () => receiver.requests.length === 1);
    expect(JSON.parse(receiver.requests[0]!.body).data).toEqual({ application: { id: 700 } });

    const stats = await call(keys.viewer, "GET", `/webhooks/${id}/statistics`);
    expect(stats.body.filter).toMatchObject({
      unmatched: 1,
      failed: 1,
      lastError: { error: "No such key: application" },
    });

    expect(created.body.rateLimitPerSecond).toBeNull();
    const limited = await call(keys.editor, "PATCH", `/webhooks/${id}`, {
      body: { rateLimitPerSecond: 25 },
    });
    expect(limited.body.rateLimitPerSecond).toBe(25);
    // PATCH keeps the filter unless sent; null removes it and every event goes through again.
    const renamed = await call(keys.editor, "PATCH", `/webhooks/${id}`, {
      body: { description: "kept filter" },
    });
    expect(renamed.body.filter).toBe("event.data.application.id > 100");
    const cleared = await call(keys.editor, "PATCH", `/webhooks/${id}`, { body: { filter: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.filter).toBeNull();
    expect((await publish({ application: { id: 1 } })).body.messages).toBe(1);
  });

  it("an event published with a traceparent reaches a webhook that forwards it in the same trace", async () => {
    const receiver = await startReceiver();
    const product = unique("PRD-trace").replace(" ", "-");
    const created = await newWebhook(unique("API trace"), `${receiver.url}/hook`, {
      product,
      forwardTraceparent: true,
    });
    expect(created.body.forwardTraceparent).toBe(true);
    const published = await call(keys.editor, "POST", "/events", {
      body: { type: "application.created", product, payload: {} },
      headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
    });
    expect(published.status).toBe(202);
    await waitFor(async () => receiver.requests.length === 1);
    expect(receiver.requests[0]!.headers.traceparent).toMatch(
      /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/,
    );
  });

  it("deletes after cancelling pending messages; forceDelete=false refuses while any are pending", async () => {
    // A receiver that keeps failing leaves the message Retrying.
    const receiver = await startReceiver(() => 500);
    const product = unique("PRD").replace(" ", "-");
    const id = (await newWebhook(unique("API delete"), `${receiver.url}/hook`, { product })).body
      .id as string;
    const published = await call(keys.editor, "POST", "/events", {
      body: { type: "application.created", product, payload: { application: { id: 1 } } },
    });
    expect(published.status).toBe(202);
    const [pending] = await waitFor(() =>
      apiDb()
        .select()
        .from(messages)
        .where(and(eq(messages.webhookId, id), eq(messages.status, "retrying")))
        .then((rows) => (rows.length ? rows : null)),
    );
    const refused = await call(keys.editor, "DELETE", `/webhooks/${id}`, {
      query: { forceDelete: "false" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/1 pending message/);
    expect((await call(keys.viewer, "GET", `/webhooks/${id}`)).status).toBe(200);

    const deleted = await call(keys.editor, "DELETE", `/webhooks/${id}`);
    expect(deleted.status).toBe(204);
    expect((await call(keys.viewer, "GET", `/webhooks/${id}`)).status).toBe(404);
    expect(await apiDb().select().from(messages).where(eq(messages.id, pending!.id))).toEqual([]);
    expect(receiver.requests).toHaveLength(1);
  });

  it("answers 404 in the error shape for ids that are not webhooks and paths that are not operations", async () => {
    const malformed = await call(keys.viewer, "GET", "/webhooks/not-an-id");
    expect(malformed.status).toBe(404);
    expect(malformed.body.error).toMatchObject({ code: "not_found", field: "id" });
    const nowhere = await call(keys.viewer, "GET", "/nowhere");
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.code).toBe("not_found");
  });
});
