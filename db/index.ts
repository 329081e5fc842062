import { sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: queries and mutations accept either. */
export type Executor = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Bounds on every wait toward the database, so that a stalled or unreachable server turns
 * into an error (the API's 503) within seconds instead of a request hanging: getting a
 * connection from the pool (connecting included), and each statement — ended by the server
 * when it is alive, by the client a second later when it is not.
 */
export function timeoutOptions(seconds: number) {
  const ms = seconds * 1000;
  return {
    connectionTimeoutMillis: ms,
    statement_timeout: ms,
    query_timeout: ms + 1000,
    idle_in_transaction_session_timeout: ms * 3,
    keepAlive: true,
  };
}

export function createDb(
  connectionString: string,
  max = 10,
  timeouts?: ReturnType<typeof timeoutOptions>,
): { db: Db; pool: Pool } {
  const pool = new Pool({ connectionString, max, ...timeouts });
  // An idle connection the server closed (a restart, a shutdown) is dropped and replaced on
  // the next query; without a listener it would take the whole process down.
  pool.on("error", (error) => console.error(`[db] idle connection lost: ${error.message}`));
  // A connection lost while checked out has no pool listener: without one of its own it would
  // take the whole process down too.
  pool.on("connect", (client) =>
    client.on("error", (error) => console.error(`[db] connection lost: ${error.message}`)),
  );
  return { db: drizzle(pool, { schema, casing: "snake_case" }), pool };
}

const globalForDb = globalThis as unknown as { hookyardDb?: Db };

/** The app's shared handle, created on first use. */
export function getDb(): Db {
  if (!globalForDb.hookyardDb) {
    const { DATABASE_URL, HOOKYARD_DB_POOL_SIZE, HOOKYARD_DB_TIMEOUT_SECONDS } = env();
    globalForDb.hookyardDb = createDb(
      DATABASE_URL,
      HOOKYARD_DB_POOL_SIZE,
      timeoutOptions(HOOKYARD_DB_TIMEOUT_SECONDS),
    ).db;
  }
  return globalForDb.hookyardDb;
}

/**
 * Rows for one statement, in one parameter: `insert … select … from ${recordset(rows)} as
 * v(col type, …)` writes any number of rows without a parameter per value.
 */
export const recordset = (rows: object[]) =>
  sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)`;
