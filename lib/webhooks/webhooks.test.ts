import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { auditLog, webhooks } from "@/db/schema";
import type { Actor } from "@/lib/audit/mutations";
import { decryptSecret } from "@/lib/crypto/secrets";
import { DomainError } from "@/lib/errors";
import { actorFor, freshDb } from "@/lib/test/db";
import {
  createWebhook,
  deleteWebhook,
  regenerateWebhookSecret,
  revealWebhookSecret,
  setWebhookEnabled,
  updateWebhookGeneral,
  updateWebhookHttp,
} from "./mutations";
import { getWebhook, listWebhooks, type WebhookListParams } from "./queries";
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
});
