import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { changeUserRole } from "@/lib/users/admin";
import { createUser } from "@/lib/users/mutations";
import { actorFor, createTestWebhook, freshDb } from "@/test/db";
import { listAudit } from "./queries";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

const all = { actor: "", entityType: null, q: "", range: "all" } as const;

describe("the audit log", () => {
  it("names users by email and API keys by name, not by their ids", async () => {
    const admin = await actorFor(db, "admin");
    const user = await createUser(db, {
      email: "named@test.local",
      name: "Named",
      password: "the-password-123",
      role: "viewer",
    });
    await changeUserRole(db, user.id, "editor", admin);
    const key = await createApiKey(db, { name: "Billing back office", role: "editor" }, admin);
    const webhookId = await createTestWebhook(db, "Audited hook");

    const { rows } = await listAudit(db, all, null);
    const entry = (type: string, id: string) =>
      rows.find((r) => r.entityType === type && r.entityId === id);
    expect(entry("user", user.id)).toMatchObject({ entityLabel: "named@test.local" });
    expect(entry("api_key", key.id)).toMatchObject({
      entityLabel: 'API key "Billing back office"',
    });
    // A webhook's id is what people use already.
    expect(entry("webhook", webhookId)).toMatchObject({ entityLabel: null });
  });
});
