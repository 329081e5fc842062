import path from "node:path";
import { randomBytes } from "node:crypto";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { createDb, type Db } from "@/db";
import { seedEventTypes } from "@/lib/event-types/mutations";
import { createUser } from "@/lib/users/mutations";
import { countUsers } from "@/lib/users/queries";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../db/migrations");

export interface BootstrapResult {
  /** Set when this start created the first admin account. */
  admin?: { email: string; password: string; generated: boolean };
}

/** Key of the advisory lock held while a database is brought up to date (any constant). */
const BOOTSTRAP_LOCK = 4_815_162_342;

/**
 * Brings a database up to date: migrations, the shipped event types, and on an empty
 * database the first admin account (from the environment, or with a generated password).
 * Consoles starting at once against one database take turns: each would otherwise apply the
 * same migrations and create a first admin.
 */
export async function bootstrapDatabase(
  databaseUrl: string,
  opts: { adminEmail?: string; adminPassword?: string } = {},
): Promise<BootstrapResult> {
  // One connection holds the lock; the work keeps the two it had before.
  const { db, pool } = createDb(databaseUrl, 3);
  const lock = await pool.connect();
  try {
    await lock.query("select pg_advisory_lock($1)", [BOOTSTRAP_LOCK]);
    return await bringUpToDate(db, opts);
  } finally {
    // Ending the session, not handing it back to the pool, is what frees the advisory lock.
    lock.release(true);
    await pool.end();
  }
}

async function bringUpToDate(
  db: Db,
  opts: { adminEmail?: string; adminPassword?: string },
): Promise<BootstrapResult> {
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  await seedEventTypes(db);
  if ((await countUsers(db)) > 0) return {};
  const email = opts.adminEmail ?? "admin@hookyard.local";
  const generated = !opts.adminPassword;
  const password = opts.adminPassword ?? randomBytes(12).toString("base64url");
  await createUser(db, { email, name: "Administrator", password, role: "admin" });
  return { admin: { email, password, generated } };
}
