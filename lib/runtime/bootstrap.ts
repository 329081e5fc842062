import path from "node:path";
import { randomBytes } from "node:crypto";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { createDb } from "@/db";
import { seedEventTypes } from "@/lib/event-types/mutations";
import { createUser } from "@/lib/users/mutations";
import { countUsers } from "@/lib/users/queries";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../db/migrations");

export interface BootstrapResult {
  /** Set when this start created the first admin account. */
  admin?: { email: string; password: string; generated: boolean };
}

/**
 * Brings a database up to date: migrations, the shipped event types, and on an empty
 * database the first admin account (from the environment, or with a generated password).
 */
export async function bootstrapDatabase(
  databaseUrl: string,
  opts: { adminEmail?: string; adminPassword?: string } = {},
): Promise<BootstrapResult> {
  const { db, pool } = createDb(databaseUrl, 2);
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    await seedEventTypes(db);
    if ((await countUsers(db)) > 0) return {};
    const email = opts.adminEmail ?? "admin@hookyard.local";
    const generated = !opts.adminPassword;
    const password = opts.adminPassword ?? randomBytes(12).toString("base64url");
    await createUser(db, { email, name: "Administrator", password, role: "admin" });
    return { admin: { email, password, generated } };
  } finally {
    await pool.end();
  }
}
