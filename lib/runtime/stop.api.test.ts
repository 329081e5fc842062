import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/db";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { freePort } from "@/lib/test/global-setup";
import { waitFor } from "@/lib/test/wait-for";

/**
 * `npm start` stopped in the middle of a flood of deliveries. With SIGTERM, the attempts in
 * flight finish and are recorded before it exits, and after a new start every accepted event
 * is delivered, none twice. With its Postgres killed, it exits 1 for a supervisor, and after a
 * new start every accepted event is delivered. Either way nothing is left running.
 */

const root = path.resolve(import.meta.dirname, "../..");
let dir: string;
let ports: { app: number; pg: number; executor: number };
let launcher: ChildProcess | undefined;
let output = "";
let receiver: Server;
let receiverUrl: string;
/** 2xx answers per webhook-id. */
const delivered = new Map<string, number>();

function startLauncher() {
  output = "";
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["lib/runtime/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      HOOKYARD_DATA_DIR: dir,
      PORT: String(ports.app),
      HOOKYARD_PG_PORT: String(ports.pg),
      HOOKYARD_EXECUTOR_PORT: String(ports.executor),
      HOOKYARD_DELIVERY_ALLOW: "127.0.0.1",
      HOOKYARD_ADMIN_PASSWORD: "stop-test-password",
      // A hand-over lost with the database is swept again after 15 s, not 5 minutes.
      HOOKYARD_SWEEP_AFTER_SECONDS: "15",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  launcher = child;
  return waitFor(async () => output.includes("synced functions"), 600_000, "the console to start");
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

let db: Db;
let pool: Pool;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hookyard-stop-"));
  await chmod(dir, 0o755);
  ports = { app: await freePort(), pg: await freePort(), executor: await freePort() };
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      // Slow enough that attempts are in flight when the stop comes.
      setTimeout(() => {
        const id = String(req.headers["webhook-id"]);
        delivered.set(id, (delivered.get(id) ?? 0) + 1);
        res.writeHead(200).end();
      }, 100),
    );
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await startLauncher();
  const password = (await readFile(path.join(dir, "pg-app-password"), "utf8")).trim();
  const handle = createDb(`postgres://hookyard_app:${password}@127.0.0.1:${ports.pg}/hookyard`, 2);
  ({ db, pool } = handle);
}, 660_000);

afterAll(async () => {
  await pool?.end();
  if (launcher && launcher.exitCode === null) {
    launcher.kill("SIGTERM");
    await Promise.race([once(launcher, "exit"), new Promise((r) => setTimeout(r, 60_000))]);
  }
  receiver?.close();
  await rm(dir, { recursive: true, force: true });
});

let api: (p: string, body: unknown) => Promise<Response>;

async function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  const [code] = (await Promise.race([
    once(child, "exit"),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no exit in ${timeoutMs} ms`)), timeoutMs),
    ),
  ])) as [number | null];
  return code;
}

/**
 * Four publishers through the events API; once `count` events are accepted, `interrupt`
 * strikes. They go on until the console stops answering. Returns the launcher's exit code and
 * the events accepted.
 */
async function interruptFlood(count: number, interrupt: () => Promise<void>) {
  const accepted: string[] = [];
  let gone = false;
  const publishers = Array.from({ length: 4 }, async () => {
    while (!gone) {
      try {
        const answer = await api("/events", {
          type: "application.created",
          payload: { application: { id: accepted.length } },
        });
        if (answer.status === 202) accepted.push(((await answer.json()) as { id: string }).id);
        else await answer.body?.cancel();
      } catch {
        gone = true; // the console is gone
      }
    }
  });
  await waitFor(async () => accepted.length >= count, 120_000, `${count} accepted events`);
  const exited = exitOf(launcher!, 180_000);
  await interrupt();
  const code = await exited;
  gone = true;
  await Promise.all(publishers);
  return { code, accepted };
}

/** After a new start, every accepted event's two messages are delivered; returns them. */
async function allDelivered(accepted: string[]) {
  const { rows } = await waitFor(
    async () => {
      const result = await pool
        .query<{ id: string; status: string }>(
          "select id, status from messages where event_id = any($1)",
          [accepted],
        )
        .catch(() => null); // the database may still be starting
      return (
        result &&
        result.rows.length === accepted.length * 2 &&
        result.rows.every((r) => r.status === "success") &&
        result
      );
    },
    240_000,
    "every accepted event's messages to be delivered",
  );
  return rows;
}

async function nothingListens() {
  for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);
}

describe("stopping npm start", () => {
  beforeAll(async () => {
    const { key } = await createApiKey(
      db,
      { name: "stop test", role: "editor" },
      { id: null, email: "stop-test@test.local" },
    );
    api = (p, body) =>
      fetch(`http://127.0.0.1:${ports.app}/api/v1${p}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    for (const n of [1, 2]) {
      const created = await api("/webhooks", {
        name: `Stop ${n}`,
        url: `${receiverUrl}/hook-${n}`,
        eventTypes: ["application.*"],
      });
      expect(created.status).toBe(201);
    }
  });

  it("SIGTERM finishes and records attempts in flight, leaves nothing running, loses nothing", async () => {
    const { code, accepted } = await interruptFlood(60, async () => {
      launcher!.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(output).toContain("Stopping: attempts in flight finish and are recorded first");
    await nothingListens();

    await startLauncher();
    const rows = await allDelivered(accepted);
    expect(rows).toHaveLength(accepted.length * 2);
    const twice = rows.filter((r) => (delivered.get(r.id) ?? 0) !== 1).map((r) => r.id);
    expect(twice).toEqual([]);
  }, 900_000);

  it("Postgres killed during a flood: the launcher exits 1 with nothing left, and loses nothing", async () => {
    const { code, accepted } = await interruptFlood(40, async () => {
      const pidFile = await readFile(path.join(dir, "pg", "postmaster.pid"), "utf8");
      process.kill(Number(pidFile.split("\n")[0]), "SIGKILL");
    });
    expect(code).toBe(1);
    expect(output).toContain("Embedded Postgres is gone; stopping.");
    await nothingListens();

    // Attempts sent but not recorded go again, with the same webhook-id; none is lost.
    await startLauncher();
    const rows = await allDelivered(accepted);
    for (const row of rows) expect(delivered.get(row.id) ?? 0).toBeGreaterThanOrEqual(1);
  }, 900_000);
});
