import { readdirSync } from "node:fs";
import { inject, describe, expect, it } from "vitest";
import { Client } from "pg";
import { createDb } from "@/db";
import { attemptSignIn } from "@/lib/users/mutations";
import { listEventTypes } from "@/lib/event-types/queries";
import { bootstrapDatabase, MIGRATIONS_DIR } from "./bootstrap";

async function emptyDatabase(name: string) {
  const server = inject("pgServerUrl");
  const client = new Client({ connectionString: `${server}/postgres` });
  await client.connect();
  await client.query(`drop database if exists "${name}" with (force)`);
  await client.query(`create database "${name}"`);
  await client.end();
  return `${server}/${name}`;
}

describe("bootstrapDatabase", () => {
  it("migrates an empty database, seeds event types and creates one admin with a generated password", async () => {
    const url = await emptyDatabase("bootstrap_generated");
    const first = await bootstrapDatabase(url);
    expect(first.admin).toMatchObject({ email: "admin@hookyard.local", generated: true });
    expect(first.admin!.password.length).toBeGreaterThanOrEqual(16);

    const again = await bootstrapDatabase(url);
    expect(again.admin).toBeUndefined();

    const { db, pool } = createDb(url, 1);
    try {
      const signIn = await attemptSignIn(db, "admin@hookyard.local", first.admin!.password);
      expect(signIn.ok && signIn.user.role).toBe("admin");
      const names = (await listEventTypes(db)).map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(["application.created", "account.deleted", "user.updated", "ping"]),
      );
    } finally {
      await pool.end();
    }
  });

  it("lets consoles starting at once against one database take turns: one migration, one admin", async () => {
    const url = await emptyDatabase("bootstrap_concurrent");
    const results = await Promise.all([1, 2, 3].map(() => bootstrapDatabase(url)));
    expect(results.filter((result) => result.admin)).toHaveLength(1);
    const { pool } = createDb(url, 1);
    try {
      const { rows } = await pool.query<{ users: number; migrations: number }>(
        `select (select count(*)::int from users) as users,
           (select count(*)::int from drizzle.__drizzle_migrations) as migrations`,
      );
      expect(rows[0]!.users).toBe(1);
      expect(rows[0]!.migrations).toBe(
        readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).length,
      );
    } finally {
      await pool.end();
    }
  });

  it("uses the admin credentials from the environment when given", async () => {
    const url = await emptyDatabase("bootstrap_env");
    const result = await bootstrapDatabase(url, {
      adminEmail: "ops@example.com",
      adminPassword: "chosen-password",
    });
    expect(result.admin).toEqual({
      email: "ops@example.com",
      password: "chosen-password",
      generated: false,
    });
  });
});
