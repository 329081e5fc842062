import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { readFileSync } from "node:fs";
import path from "node:path";
import { attempts, auditLog, messages, webhookStats, webhooks, type Webhook } from "@/db/schema";
import { MIGRATIONS_DIR } from "@/scripts/bootstrap";
import type { Actor } from "@/lib/audit/mutations";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { decodeKey } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { actorFor, freshDb } from "@/test/db";
import {
  createWebhook,
  deleteWebhook,
  regenerateWebhookSecret,
  revealWebhookSecret,
  sealStoredCredentials,
  setWebhookEnabled,
  updateWebhookGeneral,
  updateWebhookHttp,
} from "./mutations";
import { SECRET_MASK } from "./credentials";
import { toFormValues, toHttpFormValues } from "./form-values";
import { getWebhook, getWebhookWithPeople, listWebhooks, type WebhookListParams } from "./queries";
import { openHeaders, openUrl } from "./sealed";
import { EVERY_PRODUCT } from "./search-params";
import { createWebhookSchema, updateHttpSchema, type CreateWebhookInput } from "./schemas";

let db: Db;
let actor: Actor;
beforeAll(async () => {
  db = await freshDb();
  actor = await actorFor(db, "editor");
});

const input = (patch: Partial<CreateWebhookInput> = {}) =>
  createWebhookSchema.parse({
    name: "Orders",
    description: "",
    enabled: true,
    eventTypes: ["application.created"],
    product: "",
    url: "https://hooks.example.com/orders",
    method: "POST",
    format: "json",
    signing: "standard",
    headers: "",
    connectTimeoutSeconds: 3,
    responseTimeoutSeconds: 10,
    retryPolicy: "exponential",
    retrySchedule: "",
    retryOn: "non_2xx",
    customData: "",
    ...patch,
  });

const auditFor = (id: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "webhook"), eq(auditLog.entityId, id)));
const countWebhooks = async () =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(webhooks))[0]!.n;

async function expectDomainError(promise: Promise<unknown>, code: string, field?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (field) expect((error as DomainError).field).toBe(field);
}

describe("createWebhook", () => {
  it("stores the webhook with an encrypted Standard Webhooks secret and audits it without the secret", async () => {
    const webhook = await createWebhook(
      db,
      input({ name: "Create me", headers: '{"X-Env":"prod"}' }),
      actor,
    );
    expect(webhook.id).toMatch(/^WH-\d{3}-\d{3}-\d{3}$/);
    expect(webhook.headers).toEqual([{ name: "X-Env", value: "prod" }]);
    expect(webhook.connectTimeoutMs).toBe(3000);
    expect(webhook.createdBy).toBe(actor.id);
    expect(webhook.secretEncrypted).not.toContain("whsec_");
    expect(decryptSecret(webhook.secretEncrypted)).toMatch(/^whsec_/);
    const [entry, ...rest] = await auditFor(webhook.id);
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({ action: "created", actorLabel: actor.email });
    expect(entry!.changes).toHaveProperty("url");
    expect(JSON.stringify(entry!.changes)).not.toMatch(/secret|whsec_/i);
  });

  it("refuses an unknown event type and writes nothing", async () => {
    const before = await countWebhooks();
    await expectDomainError(
      createWebhook(db, input({ name: "Typo", eventTypes: ["application.creatd"] }), actor),
      "invalid",
      "eventTypes",
    );
    await expectDomainError(
      createWebhook(db, input({ name: "No family", eventTypes: ["nothing.*"] }), actor),
      "invalid",
    );
    expect(await countWebhooks()).toBe(before);
  });

  it("accepts a family pattern that matches catalog types", async () => {
    const webhook = await createWebhook(
      db,
      input({ name: "Family", eventTypes: ["account.*"] }),
      actor,
    );
    expect(webhook.eventTypes).toEqual(["account.*"]);
  });

  it("refuses a duplicate name in any letter case, leaving no audit entry behind", async () => {
    await createWebhook(db, input({ name: "Unique name" }), actor);
    const before = await countWebhooks();
    const auditBefore = (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;
    await expectDomainError(
      createWebhook(db, input({ name: "UNIQUE NAME" }), actor),
      "conflict",
      "name",
    );
    expect(await countWebhooks()).toBe(before);
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n).toBe(
      auditBefore,
    );
  });
});

describe("updates", () => {
  it("record only the fields that changed, and nothing for a no-op", async () => {
    const webhook = await createWebhook(db, input({ name: "Editable" }), actor);
    const general = {
      id: webhook.id,
      name: "Edited",
      description: "now described",
      enabled: true,
      eventTypes: ["application.created"],
      product: null,
    };
    await updateWebhookGeneral(db, general, actor);
    await updateWebhookGeneral(db, general, actor);
    const entries = (await auditFor(webhook.id)).filter((e) => e.action === "updated");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.changes).toEqual({
      name: { from: "Editable", to: "Edited" },
      description: { from: "", to: "now described" },
    });
  });

  it("store timeouts in milliseconds and keep a schedule only for the custom policy", async () => {
    const webhook = await createWebhook(db, input({ name: "Http edits" }), actor);
    const base = {
      id: webhook.id,
      url: "https://new.example.com/hook",
      method: "PUT",
      format: "xml",
      signing: "jwt",
      headers: "",
      connectTimeoutSeconds: 1.5,
      responseTimeoutSeconds: 20,
      retryOn: "non_2xx",
    } as const;
    await updateWebhookHttp(
      db,
      updateHttpSchema.parse({ ...base, retryPolicy: "5xx_3x5min", retrySchedule: "60" }),
      actor,
    );
    let stored = (await getWebhook(db, webhook.id))!;
    expect(stored).toMatchObject({ url: base.url, method: "PUT", format: "xml", signing: "jwt" });
    expect(stored.connectTimeoutMs).toBe(1500);
    expect(stored.retrySchedule).toBeNull();
    expect(stored.retryOn).toBe("5xx");

    await updateWebhookHttp(
      db,
      updateHttpSchema.parse({ ...base, retryPolicy: "custom", retrySchedule: "10, 20" }),
      actor,
    );
    stored = (await getWebhook(db, webhook.id))!;
    expect(stored.retrySchedule).toEqual([10, 20]);
    expect(stored.retryOn).toBe("non_2xx");
  });

  it("clear the reason a webhook was disabled when it is enabled again", async () => {
    const webhook = await createWebhook(db, input({ name: "Toggle" }), actor);
    await setWebhookEnabled(db, webhook.id, false, actor, "Failing for 5 days");
    expect(await getWebhook(db, webhook.id)).toMatchObject({
      enabled: false,
      disabledReason: "Failing for 5 days",
    });
    await setWebhookEnabled(db, webhook.id, true, actor);
    expect(await getWebhook(db, webhook.id)).toMatchObject({ enabled: true, disabledReason: null });
    const actions = (await auditFor(webhook.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["disabled", "enabled"]));
  });

  it("answer not_found for an unknown id", async () => {
    await expectDomainError(setWebhookEnabled(db, "WH-000-000-000", false, actor), "not_found");
    await expectDomainError(deleteWebhook(db, "WH-000-000-000", actor), "not_found");
    await expectDomainError(revealWebhookSecret(db, "WH-000-000-000", actor), "not_found");
  });
});

describe("credentials", () => {
  const API_KEY = "key-3f9a0c2d-never-shown";
  const BASIC = "Basic YWxpY2U6cGE1NXdvcmQ=";
  const PARAM = "sp-81b7e55a-never-shown";
  const leaks = (value: unknown) =>
    [API_KEY, BASIC, PARAM, "sealed-tenant"].filter((s) => JSON.stringify(value).includes(s));

  /** The HTTP settings form as shown for `webhook`, with `patch` typed over it, parsed. */
  const httpEdit = (webhook: Webhook, patch: Partial<ReturnType<typeof toHttpFormValues>>) =>
    updateHttpSchema.parse({ ...toHttpFormValues(webhook), ...patch, id: webhook.id });

  async function withCredentials(name: string) {
    return createWebhook(
      db,
      input({
        name,
        url: `https://hooks.example.com/in?tenant=acme&secret_param=${PARAM}#top`,
        headers: [
          { name: "X-Api-Key", value: API_KEY },
          { name: "Authorization", value: BASIC },
          { name: "X-Tenant", value: "sealed-tenant", secret: true },
          { name: "X-Env", value: "prod" },
        ],
      }),
      actor,
    );
  }

  it("are stored encrypted, shown masked, opened only to send, and never audited", async () => {
    const webhook = await withCredentials("Credentials at rest");
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(leaks(row)).toEqual([]);
    expect(row!.url).toBe(
      `https://hooks.example.com/in?tenant=acme&secret_param=${SECRET_MASK}#top`,
    );
    expect(openUrl(row!)).toBe(
      `https://hooks.example.com/in?tenant=acme&secret_param=${PARAM}#top`,
    );
    expect(openHeaders(row!.headers)).toEqual([
      { name: "X-Api-Key", value: API_KEY, secret: true },
      { name: "Authorization", value: BASIC, secret: true },
      { name: "X-Tenant", value: "sealed-tenant", secret: true },
      { name: "X-Env", value: "prod", secret: false },
    ]);
    expect(toFormValues(row!).headers.map((h) => h.value)).toEqual([
      SECRET_MASK,
      SECRET_MASK,
      SECRET_MASK,
      "prod",
    ]);
    expect(leaks(await auditFor(webhook.id))).toEqual([]);
  });

  it("sent back masked keep their values; a new value replaces one, and the audit says so without it", async () => {
    const webhook = await withCredentials("Credentials kept");
    const form = toHttpFormValues(webhook);
    const http = (patch: Partial<typeof form>) => httpEdit(webhook, patch);
    // Saved as shown: nothing changes, nothing is audited.
    const same = await updateWebhookHttp(db, http({}), actor);
    expect(openUrl(same)).toContain(`secret_param=${PARAM}`);
    expect(openHeaders(same.headers)[0]!.value).toBe(API_KEY);
    expect((await auditFor(webhook.id)).filter((e) => e.action === "updated")).toHaveLength(0);

    const replaced = await updateWebhookHttp(
      db,
      http({
        headers: form.headers.map((h) =>
          h.name === "X-Api-Key" ? { ...h, value: "key-replacement-value" } : h,
        ),
      }),
      actor,
    );
    expect(openHeaders(replaced.headers).map((h) => h.value)).toEqual([
      "key-replacement-value",
      BASIC,
      "sealed-tenant",
      "prod",
    ]);
    const [entry] = (await auditFor(webhook.id)).filter((e) => e.action === "updated");
    expect(entry!.changes).toEqual({
      headers: {
        from: {
          "X-Api-Key": SECRET_MASK,
          Authorization: SECRET_MASK,
          "X-Tenant": SECRET_MASK,
          "X-Env": "prod",
        },
        to: {
          "X-Api-Key": `${SECRET_MASK} (replaced)`,
          Authorization: SECRET_MASK,
          "X-Tenant": SECRET_MASK,
          "X-Env": "prod",
        },
      },
    });
    expect(JSON.stringify(entry)).not.toContain("key-replacement-value");
  });

  it("sent masked with nothing stored under that name are refused, naming the field", async () => {
    const webhook = await withCredentials("Credentials renamed");
    const headers = [{ name: "X-Other-Key", value: SECRET_MASK }];
    await expectDomainError(
      updateWebhookHttp(db, httpEdit(webhook, { headers }), actor),
      "invalid",
      "headers",
    );
    const url = `https://hooks.example.com/in?api_key=${SECRET_MASK}`;
    await expectDomainError(
      updateWebhookHttp(db, httpEdit(webhook, { url }), actor),
      "invalid",
      "url",
    );
    expect(openUrl((await getWebhook(db, webhook.id))!)).toContain(`secret_param=${PARAM}`);
  });

  it("saved in clear before they were sealed are sealed at start, once", async () => {
    const [legacy] = await db
      .insert(webhooks)
      .values({
        id: "WH-000-000-018",
        name: "Saved before sealing",
        url: `https://hooks.example.com/old?user_key=${PARAM}`,
        eventTypes: ["application.created"],
        secretEncrypted: encryptSecret("whsec_x"),
        headers: [
          { name: "X-Api-Key", value: API_KEY },
          { name: "X-Env", value: "prod" },
        ],
      })
      .returning();
    const key = decodeKey(process.env.HOOKYARD_ENCRYPTION_KEY!)!;
    expect(await sealStoredCredentials(db, key)).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, legacy!.id));
    expect(leaks(row)).toEqual([]);
    expect(openUrl(row!)).toBe(`https://hooks.example.com/old?user_key=${PARAM}`);
    expect(openHeaders(row!.headers).map((h) => h.value)).toEqual([API_KEY, "prod"]);
    expect(await sealStoredCredentials(db, key)).toBe(0);
  });
});

describe("the 0018 migration", () => {
  it("masks credentials written in clear before it, in the audit log and in attempts", async () => {
    const w = await createWebhook(db, input({ name: "Migrated" }), actor);
    const [audit] = await db
      .insert(auditLog)
      .values({
        actorLabel: "old@example.com",
        entityType: "webhook",
        entityId: w.id,
        action: "updated",
        changes: {
          url: { from: "https://h.example/a?api_key=old-key&x=1", to: "https://h.example/b" },
          headers: {
            from: [{ name: "X-Api-Key", value: "old-header-key" }],
            to: [
              { name: "Ocp-Apim-Subscription-Key", value: "new-header-key" },
              { name: "X-Env", value: "prod" },
            ],
          },
          name: { from: "a", to: "b" },
        },
      })
      .returning();
    const [message] = await db
      .insert(messages)
      .values({
        id: "msg_migration0018",
        webhookId: w.id,
        kind: "manual",
        eventType: "ping",
        payload: {},
        deadlineAt: new Date(),
      })
      .returning();
    const [attempt] = await db
      .insert(attempts)
      .values({
        messageId: message!.id,
        webhookId: w.id,
        number: 1,
        startedAt: new Date(),
        durationMs: 1,
        success: true,
        request: {
          url: "https://h.example/a?user_key=old-user-key&page=2",
          method: "POST",
          headers: {
            "x-session-id": "old-session",
            authorization: "Bearer old-token",
            "webhook-signature": "v1,••••••••",
            "x-env": "prod",
          },
          body: "{}",
        },
      })
      .returning();

    const migration = readFileSync(path.join(MIGRATIONS_DIR, "0018_url_sealed.sql"), "utf8");
    for (const statement of migration.split("--> statement-breakpoint").slice(1)) {
      await db.execute(sql.raw(statement));
    }

    const [scrubbed] = await db.select().from(auditLog).where(eq(auditLog.id, audit!.id));
    expect(scrubbed!.changes).toEqual({
      url: { from: `https://h.example/a?api_key=${SECRET_MASK}&x=1`, to: "https://h.example/b" },
      headers: {
        from: [{ name: "X-Api-Key", value: SECRET_MASK }],
        to: [
          { name: "Ocp-Apim-Subscription-Key", value: SECRET_MASK },
          { name: "X-Env", value: "prod" },
        ],
      },
      name: { from: "a", to: "b" },
    });
    const [request] = await db.select().from(attempts).where(eq(attempts.id, attempt!.id));
    expect(request!.request).toEqual({
      url: `https://h.example/a?user_key=${SECRET_MASK}&page=2`,
      method: "POST",
      headers: {
        "x-session-id": SECRET_MASK,
        authorization: `Bearer ${SECRET_MASK}`,
        "webhook-signature": "v1,••••••••",
        "x-env": "prod",
      },
      body: "{}",
    });
  });
});

describe("secrets and deletion", () => {
  it("regenerate a secret to a new value and audit every reveal", async () => {
    const webhook = await createWebhook(db, input({ name: "Secretive" }), actor);
    const first = await revealWebhookSecret(db, webhook.id, actor);
    await regenerateWebhookSecret(db, webhook.id, actor);
    const second = await revealWebhookSecret(db, webhook.id, actor);
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    const actions = (await auditFor(webhook.id)).map((e) => e.action);
    expect(actions.filter((a) => a === "secret.revealed")).toHaveLength(2);
    expect(actions).toContain("secret.regenerated");
  });

  it("a rotation keeps the old secret for its grace period, audited with its end", async () => {
    const webhook = await createWebhook(db, input({ name: "Rotated" }), actor);
    const now = new Date("2026-12-03T10:00:00Z");
    const { previousSecretExpiresAt } = await regenerateWebhookSecret(
      db,
      webhook.id,
      actor,
      {},
      now,
    );
    expect(previousSecretExpiresAt).toEqual(new Date("2026-12-04T10:00:00Z"));
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(row!.previousSecretEncrypted).toBe(webhook.secretEncrypted);
    expect(row!.previousSecretExpiresAt).toEqual(previousSecretExpiresAt);
    const [entry] = (await auditFor(webhook.id)).filter((e) => e.action === "secret.regenerated");
    expect(entry!.changes).toEqual({
      previousSecretValidUntil: { from: null, to: "2026-12-04T10:00:00.000Z" },
    });
    expect(JSON.stringify(entry)).not.toMatch(/whsec_|v1\./);

    await regenerateWebhookSecret(db, webhook.id, actor, { graceSeconds: 0 }, now);
    const [ended] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(ended).toMatchObject({ previousSecretEncrypted: null, previousSecretExpiresAt: null });
  });

  it("name who created and last changed a webhook as the audit log does, API keys included", async () => {
    const key = { id: null, email: 'API key "Back office"' };
    const webhook = await createWebhook(db, input({ name: "Made by a key" }), key);
    expect(await getWebhookWithPeople(db, webhook.id)).toMatchObject({
      createdByLabel: 'API key "Back office"',
      updatedByLabel: 'API key "Back office"',
    });
    // Reading the secret is not a change; a rotation is.
    await revealWebhookSecret(db, webhook.id, actor);
    expect((await getWebhookWithPeople(db, webhook.id))!.updatedByLabel).toBe(
      'API key "Back office"',
    );
    await regenerateWebhookSecret(db, webhook.id, actor);
    expect(await getWebhookWithPeople(db, webhook.id)).toMatchObject({
      createdByLabel: 'API key "Back office"',
      updatedByLabel: actor.email,
    });
  });

  it("delete the webhook and keep its audit trail", async () => {
    const webhook = await createWebhook(db, input({ name: "Doomed" }), actor);
    await deleteWebhook(db, webhook.id, actor);
    expect(await getWebhook(db, webhook.id)).toBeNull();
    expect((await auditFor(webhook.id)).map((e) => e.action)).toContain("deleted");
  });
});

describe("listWebhooks", () => {
  const params = (patch: Partial<WebhookListParams>): WebhookListParams => ({
    page: 1,
    perPage: 10,
    sort: "name.asc",
    q: "zz-list",
    status: "all",
    eventType: "",
    product: "",
    ...patch,
  });

  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      const webhook = await createWebhook(
        db,
        input({
          name: `zz-list ${String(i).padStart(2, "0")}`,
          eventTypes:
            i % 5 === 0 ? ["application.*"] : i % 2 ? ["user.created"] : ["account.deleted"],
        }),
        actor,
      );
      if (i % 3 === 0) await setWebhookEnabled(db, webhook.id, false, actor);
    }
    await createWebhook(db, input({ name: "zz-list 100% off" }), actor);
  });

  it("pages through the matches with a total", async () => {
    const first = await listWebhooks(db, params({}));
    expect(first.total).toBe(26);
    expect(first.pageCount).toBe(3);
    expect(first.rows.map((r) => r.name).slice(0, 2)).toEqual(["zz-list 00", "zz-list 01"]);
    const last = await listWebhooks(db, params({ page: 3 }));
    expect(last.rows).toHaveLength(6);
    expect(last.rows).not.toHaveProperty("0.secretEncrypted");
  });

  it("sorts descending and caps an unexpected page size", async () => {
    const desc = await listWebhooks(db, params({ sort: "name.desc", perPage: 1000 }));
    expect(desc.perPage).toBe(20);
    expect(desc.rows[0]!.name).toBe("zz-list 24");
  });

  it("treats % and _ in a search as plain characters", async () => {
    const result = await listWebhooks(db, params({ q: "100%" }));
    expect(result.rows.map((r) => r.name)).toEqual(["zz-list 100% off"]);
    expect((await listWebhooks(db, params({ q: "zz_list" }))).total).toBe(0);
  });

  it("filters by status and by event type, counting family subscriptions", async () => {
    expect((await listWebhooks(db, params({ status: "disabled" }))).total).toBe(9);
    const appCreated = await listWebhooks(
      db,
      params({ eventType: "application.created", perPage: 50 }),
    );
    // five subscribe to application.*, plus "100% off" to application.created
    expect(appCreated.total).toBe(6);
    expect((await listWebhooks(db, params({ eventType: "user.created" }))).total).toBe(10);
  });

  it("filters by product: one product's webhooks, or those for every product", async () => {
    const [scoped, other] = await Promise.all([
      createWebhook(db, input({ name: "zz-product one", product: "PRD-ONE" }), actor),
      createWebhook(db, input({ name: "zz-product two", product: "PRD-TWO" }), actor),
    ]);
    const one = await listWebhooks(db, params({ q: "zz-product", product: "PRD-ONE" }));
    expect(one.rows.map((r) => [r.id, r.product])).toEqual([[scoped.id, "PRD-ONE"]]);
    expect(one.total).toBe(1);
    expect((await listWebhooks(db, params({ q: "zz-product", product: "PRD-NONE" }))).total).toBe(
      0,
    );
    // The 26 zz-list webhooks have no product; the scoped ones are left out.
    const every = await listWebhooks(db, params({ q: "zz-", product: EVERY_PRODUCT, perPage: 50 }));
    expect(every.total).toBe(26);
    expect(every.rows.map((r) => r.id)).not.toContain(other.id);
    expect((await listWebhooks(db, params({ q: "zz-product" }))).total).toBe(2);
  });

  it("gives each row its delivery health and the failures counted since its last success", async () => {
    const failing = await createWebhook(db, input({ name: "zz-health failing" }), actor);
    const quiet = await createWebhook(db, input({ name: "zz-health quiet" }), actor);
    const since = new Date("2026-12-02T10:00:00Z");
    const success = new Date("2026-12-01T09:00:00Z");
    await db
      .update(webhooks)
      .set({
        failingSince: since,
        lastFailureAt: new Date("2026-12-02T11:00:00Z"),
        lastSuccessAt: success,
      })
      .where(eq(webhooks.id, failing.id));
    await db.insert(webhookStats).values({ webhookId: failing.id, failuresSinceSuccess: 3 });
    const { rows } = await listWebhooks(db, params({ q: "zz-health" }));
    expect(rows.find((r) => r.id === failing.id)).toMatchObject({
      failingSince: since,
      lastSuccessAt: success,
      failuresSinceSuccess: 3,
    });
    // No statistics row yet: no count, and no failure.
    expect(rows.find((r) => r.id === quiet.id)).toMatchObject({
      failingSince: null,
      lastSuccessAt: null,
      lastFailureAt: null,
      failuresSinceSuccess: null,
    });
  });
});
