import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import type { Pool } from "pg";
import { createDb, type Db } from "@/db";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { provideChromium } from "@/test/chromium";
import { freePort } from "@/test/global-setup";
import { waitFor } from "@/test/wait-for";
import { killTree, listenersOn } from "@/scripts/process-tree";

export { commandLine, exited, killTree, processTree, reaped } from "@/scripts/process-tree";

/**
 * `npm start` as the launcher tests (stop.api.test.ts, crash.api.test.ts) drive it: its own
 * data directory and free ports, a receiver on 127.0.0.1 that notes every request, an API key,
 * and floods of events through the events API that something interrupts.
 */

const root = path.resolve(import.meta.dirname, "..");

/** One request the receiver answered. */
export interface Received {
  webhookId: string;
  path: string;
  /** The body's `id` and `event_id` (JSON format). */
  bodyId: string;
  eventId: string;
  status: number;
}

export interface HarnessOptions {
  /** Names the temporary directory, the admin password and the API key. */
  name: string;
  /** How long the receiver takes to answer: long enough, attempts are in flight at a stop. */
  receiverDelayMs: number;
  /** The share of requests the receiver answers 500, at random. */
  failRate?: number;
  /** More variables for the launcher, over the harness's own. */
  env?: Record<string, string>;
}

export class LauncherHarness {
  dir = "";
  ports = { app: 0, pg: 0, executor: 0, worker: 0 };
  launcher: ChildProcess | undefined;
  /** The current launcher's output. */
  output = "";
  receiverUrl = "";
  /** How long the receiver takes to answer from now on (receiverDelayMs at first). */
  receiverDelayMs: number;
  /** 2xx answers per webhook-id. */
  readonly delivered = new Map<string, number>();
  readonly received: Received[] = [];
  db!: Db;
  pool!: Pool;
  private receiver: Server | undefined;
  private key = "";

  constructor(private readonly options: HarnessOptions) {
    this.receiverDelayMs = options.receiverDelayMs;
  }

  /** The receiver, the first start, a connection to the console's database and an API key. */
  async setUp() {
    this.dir = await mkdtemp(path.join(os.tmpdir(), `hookyard-${this.options.name}-`));
    await chmod(this.dir, 0o755); // the embedded server runs as the `postgres` user
    this.ports = {
      app: await freePort(),
      pg: await freePort(),
      executor: await freePort(),
      worker: await freePort(),
    };
    await this.startReceiver();
    await this.start();
    const password = (await readFile(path.join(this.dir, "pg-app-password"), "utf8")).trim();
    ({ db: this.db, pool: this.pool } = createDb(
      `postgres://hookyard_app:${password}@127.0.0.1:${this.ports.pg}/hookyard`,
      2,
    ));
    ({ key: this.key } = await createApiKey(
      this.db,
      { name: `${this.options.name} test`, role: "editor" },
      { id: null, email: `${this.options.name}-test@test.local` },
    ));
  }

  async tearDown() {
    await this.pool?.end();
    const launcher = this.launcher;
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
      launcher.kill("SIGTERM");
      // A test that failed midway leaves nothing running either.
      await exitOf(launcher, 60_000).catch(() => killTree(launcher.pid!));
    }
    this.receiver?.close();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private async startReceiver() {
    const failRate = this.options.failRate ?? 0;
    this.receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () =>
        setTimeout(() => {
          const webhookId = String(req.headers["webhook-id"]);
          const status = Math.random() < failRate ? 500 : 200;
          let body: { id?: string; event_id?: string } = {};
          try {
            body = JSON.parse(Buffer.concat(chunks).toString());
          } catch {
            // not JSON: the checks on the body fail and say so
          }
          this.received.push({
            webhookId,
            path: req.url ?? "",
            bodyId: String(body.id),
            eventId: String(body.event_id),
            status,
          });
          if (status === 200)
            this.delivered.set(webhookId, (this.delivered.get(webhookId) ?? 0) + 1);
          res.writeHead(status).end();
        }, this.receiverDelayMs),
      );
    });
    this.receiver.listen(0, "127.0.0.1");
    await once(this.receiver, "listening");
    this.receiverUrl = `http://127.0.0.1:${(this.receiver.address() as AddressInfo).port}`;
  }

  /** `npm start`, until it has synced its functions with the executor. */
  async start() {
    this.output = "";
    // As `npm start` runs it: node with tsx's loader, no tsx command relaying signals between.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      env: {
        ...process.env,
        HOOKYARD_DATA_DIR: this.dir,
        PORT: String(this.ports.app),
        HOOKYARD_PG_PORT: String(this.ports.pg),
        HOOKYARD_EXECUTOR_PORT: String(this.ports.executor),
        HOOKYARD_WORKER_PORT: String(this.ports.worker),
        HOOKYARD_DELIVERY_ALLOW: "127.0.0.1",
        HOOKYARD_ADMIN_PASSWORD: this.adminPassword,
        // A hand-over lost with the database is swept again after 15 s, not 5 minutes.
        HOOKYARD_SWEEP_AFTER_SECONDS: "15",
        ...this.options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (this.output += c.toString()));
    this.launcher = child;
    // A launcher that gives up says why, at once.
    const failed = once(child, "exit").then(([code, signal]) => {
      throw new Error(`npm start exited (${code ?? signal}) while starting:\n${this.output}`);
    });
    failed.catch(() => undefined);
    await Promise.race([
      waitFor(
        async () => this.output.includes("synced functions"),
        600_000,
        "the console to start",
      ),
      failed,
    ]);
  }

  /** The password `npm start` gives its first admin (admin@hookyard.local) here. */
  get adminPassword() {
    return `${this.options.name}-test-password`;
  }

  /** A Chromium (the one `npm test` would use) for the scripts that drive this console. */
  async launchBrowser(log: (line: string) => void): Promise<Browser> {
    // Loaded here: the launcher tests under Vitest never load Playwright.
    const { chromium } = await import("@playwright/test");
    return chromium.launch({
      executablePath: await provideChromium(log),
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
    });
  }

  /** Signs `page` (with this console as its base URL) in as the first admin. */
  async signIn(page: Page) {
    await page.goto("/login");
    await page.getByLabel("Email").fill("admin@hookyard.local");
    await page.getByLabel("Password").fill(this.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login", { timeout: 60_000 });
  }

  /** POST to the REST API with the harness's key. */
  api(p: string, body: unknown) {
    return fetch(`http://127.0.0.1:${this.ports.app}/api/v1${p}`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** Webhooks to the receiver (`/hook-1` …), subscribed to every `application.*` event. */
  async createWebhooks(count: number, settings: Record<string, unknown> = {}) {
    for (let n = 1; n <= count; n++) {
      const created = await this.api("/webhooks", {
        name: `${this.options.name} ${n}`,
        url: `${this.receiverUrl}/hook-${n}`,
        eventTypes: ["application.*"],
        ...settings,
      });
      if (created.status !== 201) {
        throw new Error(`creating a webhook answered ${created.status}: ${await created.text()}`);
      }
    }
  }

  /**
   * Four publishers through the events API; once `count` events are accepted, `interrupt`
   * strikes. They go on until the console stops answering. Returns how the launcher exited
   * and the events accepted (answered 202).
   */
  async interruptFlood(count: number, interrupt: () => Promise<void>) {
    const launcher = this.launcher!;
    const accepted: string[] = [];
    let gone = false;
    const publishers = Array.from({ length: 4 }, async () => {
      while (!gone) {
        try {
          const answer = await this.api("/events", {
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
    const exited = exitOf(launcher, 180_000);
    await interrupt();
    const exit = await exited;
    gone = true;
    await Promise.all(publishers);
    return { ...exit, accepted };
  }

  /** Polls until the `perEvent` messages of each of `events` are delivered; returns them. */
  async allDelivered(events: string[], perEvent: number, timeoutMs = 240_000) {
    const { rows } = await waitFor(
      async () => {
        const result = await this.pool
          .query<{ id: string; event_id: string; status: string }>(
            "select id, event_id, status from messages where event_id = any($1)",
            [events],
          )
          .catch(() => null); // the database may still be starting
        return (
          result &&
          result.rows.length === events.length * perEvent &&
          result.rows.every((r) => r.status === "success") &&
          result
        );
      },
      timeoutMs,
      "every accepted event's messages to be delivered",
    );
    return rows;
  }

  /** What listens on any of the launcher's ports, as `port pid command`; [] when nothing. */
  listeners() {
    return listenersOn(Object.values(this.ports));
  }
}

/** How `child` exits: its code, or the signal that ended it. */
export async function exitOf(child: ChildProcess, timeoutMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return { code: child.exitCode, signal: child.signalCode };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const [code, signal] = (await Promise.race([
      once(child, "exit"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no exit in ${timeoutMs} ms`)), timeoutMs);
      }),
    ])) as [number | null, NodeJS.Signals | null];
    return { code, signal };
  } finally {
    clearTimeout(timer);
  }
}
