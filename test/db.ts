import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { Client } from "pg";
import { createDb, type Db } from "@/db";
import { findUserByEmail } from "@/lib/users/queries";
import type { Actor } from "@/lib/audit/mutations";
import { createUser } from "@/lib/users/mutations";
import type { Role } from "@/db/schema";
import { NEW_WEBHOOK_VALUES } from "@/lib/webhooks/form-values";
import { createWebhook } from "@/lib/webhooks/mutations";
import { createWebhookSchema, type CreateWebhookInput } from "@/lib/webhooks/schemas";

/**
 * A fresh database for one test file, cloned from the migrated template and dropped when
 * the file's tests end.
 */
export async function freshDb(): Promise<Db> {
  const server = inject("pgServerUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database "${name}" template hookyard_template`);
      break;
    } catch (error) {
      // Clones of one template made at the same moment can collide; the next try succeeds.
      if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const { db, pool } = createDb(`${server}/${name}`, 5);
  afterAll(async () => {
    await pool.end();
    const client = new Client({ connectionString: `${server}/postgres` });
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.end();
  });
  return db;
}

export async function actorFor(db: Db, role: Role = "admin"): Promise<Actor> {
  const email = `${role}@test.local`;
  const user =
    (await findUserByEmail(db, email)) ??
    (await createUser(db, { email, name: role, password: `${role}-password`, role }));
  return { id: user.id, email: user.email };
}

/** A webhook made through the real mutation, with defaults a test may override. */
export async function createTestWebhook(
  db: Db,
  name: string,
  patch: Partial<CreateWebhookInput> = {},
): Promise<string> {
  const webhook = await createWebhook(
    db,
    createWebhookSchema.parse({
      ...NEW_WEBHOOK_VALUES,
      name,
      eventTypes: ["application.*"],
      url: "https://example.com/hook",
      ...patch,
    }),
    await actorFor(db, "editor"),
  );
  return webhook.id;
}
