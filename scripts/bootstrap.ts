import path from "node:path";
import { randomBytes } from "node:crypto";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { createDb, type Db } from "@/db";
import { decodeKey } from "@/lib/env";
import { seedEventTypes } from "@/lib/event-types/mutations";
import { createUser } from "@/lib/users/mutations";
import { countUsers } from "@/lib/users/queries";
import { sealStoredCredentials } from "@/lib/webhooks/mutations";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../db/migrations");

export interface BootstrapResult {
  /** Set when this start created the first admin account. */
  admin?: { email: string; password: string; generated: boolean };
}

export interface BootstrapOptions {
  adminEmail?: string;
  adminPassword?: string;
  /** HOOKYARD_ENCRYPTION_KEY: with it, credentials stored before they were sealed get sealed. */
  encryptionKey?: string;
}

/** Key of the advisory lock held while a database is brought up to date (any constant). */
const BOOTSTRAP_LOCK = 4_815_162_342;

/**
 * Brings a database up to date: migrations, the shipped event types, credentials stored
 * before they were sealed, and on an empty
 * database the first admin account (from the environment, or with a generated password).
 * Consoles starting at once against one database take turns: each would otherwise apply the
 * same migrations and create a first admin.
 */
export async function bootstrapDatabase(
  databaseUrl: string,
  opts: BootstrapOptions = {},
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

async function bringUpToDate(db: Db, opts: BootstrapOptions): Promise<BootstrapResult> {
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  await seedEventTypes(db);
  const key = opts.encryptionKey ? decodeKey(opts.encryptionKey) : null;
  if (key) await sealStoredCredentials(db, key);
  if ((await countUsers(db)) > 0) return {};
  const email = opts.adminEmail ?? "admin@hookyard.local";
  const generated = !opts.adminPassword;
  const password = opts.adminPassword ?? randomBytes(12).toString("base64url");
  await createUser(db, { email, name: "Administrator", password, role: "admin" });
  return { admin: { email, password, generated } };
}
