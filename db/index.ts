import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: queries and mutations accept either. */
export type Executor = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export function createDb(connectionString: string, max = 10): { db: Db; pool: Pool } {
  const pool = new Pool({ connectionString, max });
  return { db: drizzle(pool, { schema, casing: "snake_case" }), pool };
}

const globalForDb = globalThis as unknown as { hookyardDb?: Db };

/** The app's shared handle, created on first use. */
export function getDb(): Db {
  if (!globalForDb.hookyardDb) {
    const { DATABASE_URL, HOOKYARD_DB_POOL_SIZE } = env();
    globalForDb.hookyardDb = createDb(DATABASE_URL, HOOKYARD_DB_POOL_SIZE).db;
  }
  return globalForDb.hookyardDb;
}
