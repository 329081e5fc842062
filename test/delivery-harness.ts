import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import type { Pool } from "pg";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/db";
import { messages, type Role } from "@/db/schema";
import type { Actor } from "@/lib/audit/mutations";
import { enqueueMessages } from "@/lib/messages/operations";
import { publishEvent } from "@/lib/messages/publish";
import { actorFor, freshDb } from "@/test/db";
import { NEW_WEBHOOK_VALUES } from "@/lib/webhooks/form-values";
import { createWebhook } from "@/lib/webhooks/mutations";
import { createWebhookSchema, type CreateWebhookInput } from "@/lib/webhooks/schemas";
import { LocalExecutor, type ExecutorOptions } from "@/inngest/executor/executor";
import { newEventKey, newSigningKey } from "@/inngest/executor/protocol";
import { hookyardFunctions } from "@/inngest/functions/index";

/**
 * What the delivery test files share: a real Postgres, a receiver on 127.0.0.1 that answers
 * as each test scripts it, and the real SDK's functions served over HTTP and driven by the
 * local executor. `deliveryHarness` registers its own beforeAll/afterAll; its fields are
 * filled once beforeAll has run.
 */

export interface Hit {
  path: string;
  /** The query string, `?` included, or "". */
  query: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}
/**
 * A status at once, no answer ever ("hang"), or a status after `delayMs` — or once `until`
 * settles, for a test that holds a request out for exactly as long as it needs.
 */
export type Answer =
  | number
  | "hang"
  | {
      status: number;
      headers?: Record<string, string>;
      delayMs?: number;
      until?: Promise<unknown>;
    };

export function deliveryHarness(options: {
  role: Role;
  hookName: string;
  /** Functions left unserved (by id): a test that runs a cron job's work itself, when it chooses. */
  without?: string[];
}) {
  let counter = 0;
  let app: Server;
  let receiver: Server;
  const h = {
    db: undefined as unknown as Db,
    pool: undefined as unknown as Pool,
    actor: undefined as unknown as Actor,
    executor: undefined as unknown as LocalExecutor,
    client: undefined as unknown as Inngest,
    appUrl: "",
    receiverUrl: "",
    executorLog: [] as string[],
    hits: [] as Hit[],
    /** What each path answers next: answers consumed in order, then 200. */
    script: {} as Record<string, Answer[]>,

    keys: { signingKey: newSigningKey(), eventKey: newEventKey() },

    startExecutor: (port: number, more: Partial<ExecutorOptions> = {}) =>
      new LocalExecutor({
        pool: h.pool,
        ...h.keys,
        port,
        pollMs: 25,
        log: (line) => h.executorLog.push(line),
        ...more,
      }).start(),

    /** Stops the executor (its runs stay in Postgres), runs `whileDown`, starts a new one. */
    async restartExecutor(
      whileDown: () => Promise<void> = async () => {},
      more: Partial<ExecutorOptions> = {},
    ) {
      const port = Number(new URL(h.executor.url).port);
      await h.executor.stop();
      await whileDown();
      // Same port, as a restarted process would have: the app's client keeps its address.
      h.executor = await h.startExecutor(port, more);
      await h.executor.sync(h.appUrl);
    },

    send: (events: { name: string; data: Record<string, unknown> }[]) =>
      h.client.send(events as never),

    /** What the events API does: store the event and its messages, then hand them over. */
    async publish(type: string, payload: Record<string, unknown>, product?: string) {
      const published = await publishEvent(h.db, { type, payload, product, source: "api" });
      await enqueueMessages(h.send, published.messages);
      return published;
    },

    /** A webhook on the receiver with quick retries (1, 1, 1 s) and 2 s timeouts. */
    async webhook(patch: Partial<CreateWebhookInput> = {}) {
      counter++;
      return createWebhook(
        h.db,
        createWebhookSchema.parse({
          ...NEW_WEBHOOK_VALUES,
          name: `${options.hookName} ${counter}`,
          eventTypes: ["application.created"],
          url: `${h.receiverUrl}/${options.hookName.toLowerCase().replace(/\W+/g, "-")}-${counter}`,
          connectTimeoutSeconds: 2,
          responseTimeoutSeconds: 2,
          retryPolicy: "custom",
          retrySchedule: "1, 1, 1",
          ...patch,
        }),
        h.actor,
      );
    },

    messageOf: async (id: string) =>
      (await h.db.select().from(messages).where(eq(messages.id, id)))[0]!,
    statusIs: (id: string, status: string) => async () => {
      const message = await h.messageOf(id);
      return message.status === status && message;
    },
    hitsOn: (path: string) => h.hits.filter((hit) => hit.path === path),
  };

  beforeAll(async () => {
    h.db = await freshDb();
    h.pool = (h.db as unknown as { $client: Pool }).$client;
    h.actor = await actorFor(h.db, options.role);
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = req.url!.split("?")[0]!;
        h.hits.push({
          path,
          query: req.url!.slice(path.length),
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          at: Date.now(),
        });
        const next = h.script[path]?.shift() ?? 200;
        if (next === "hang") return;
        if (typeof next === "number") return res.writeHead(next).end("ok");
        const answer = () => res.writeHead(next.status, next.headers).end("busy");
        if (next.until) void next.until.then(answer, answer);
        else setTimeout(answer, next.delayMs);
      });
    });
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    h.receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    h.executor = await h.startExecutor(0);
    // Cloud mode, as in production: every call the executor makes is signed.
    h.client = new Inngest({ id: "hookyard", ...h.keys, baseUrl: h.executor.url });
    const handler = serve({
      client: h.client,
      functions: hookyardFunctions(h.client, { db: () => h.db, allow: "127.0.0.1" }).filter(
        (fn) => !options.without?.includes(fn.id()),
      ),
    });
    app = createServer((req, res) => void handler(req, res));
    app.listen(0, "127.0.0.1");
    await once(app, "listening");
    h.appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
    await h.executor.sync(h.appUrl);
  });

  afterAll(async () => {
    await h.executor?.stop();
    for (const server of [app, receiver]) {
      server?.closeAllConnections();
      server?.close();
    }
  });

  return h;
}
