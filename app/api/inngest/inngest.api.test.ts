import { request } from "node:http";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attempts, messages } from "@/db/schema";
import { callBody } from "@/inngest/executor/protocol";
import { apiDb, baseUrl, call, keysByRole, startReceiver, unique } from "@/test/api/client";
import { API_SERVER } from "@/test/api/global-setup";
import { waitFor } from "@/test/wait-for";

/**
 * The two attacks issue 10 reported against `/api/inngest` on a running console, reproduced:
 * a sync redirected by a Host header, and hand-built function calls without credentials. The
 * console serves in cloud mode, and so does the delivery worker the local executor calls
 * (scripts/worker.ts): both refuse both, and nothing is sent.
 */

const workerUrl = `http://127.0.0.1:${API_SERVER.workerPort}`;
const servers = [
  ["the console", () => baseUrl()],
  ["the delivery worker", () => workerUrl],
] as const;

let keys: Awaited<ReturnType<typeof keysByRole>>;
beforeAll(async () => {
  keys = await keysByRole();
});

/** A raw request, so that the Host header is the one given (fetch sets its own). */
function rawRequest(
  origin: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = "",
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(new URL(path, origin), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const registeredUrls = async () =>
  (
    await apiDb().execute<{ url: string }>(
      sql`select distinct url from executor.functions where app_id = 'hookyard'`,
    )
  ).rows.map((r) => r.url);

describe.each(servers)("/api/inngest on %s", (_, origin) => {
  it("a PUT with a forged Host header neither registers it nor changes where calls go", async () => {
    const before = await registeredUrls();
    expect(before.length).toBeGreaterThan(0);
    const answer = await rawRequest(origin(), "PUT", "/api/inngest", { host: "127.0.0.1:9401" });
    expect(answer.status).toBe(401);
    expect(answer.body).not.toContain("Successfully registered");
    expect(await registeredUrls()).toEqual(before);
    for (const url of before) expect(new URL(url).host).not.toBe("127.0.0.1:9401");
  });

  it("hand-built calls without a signature answer 401 and send nothing", async () => {
    const receiver = await startReceiver(() => 500);
    const product = unique("PRD-inngest").replace(" ", "-");
    const created = await call(keys.editor, "POST", "/webhooks", {
      body: {
        name: unique("Forged calls"),
        url: `${receiver.url}/hook`,
        eventTypes: ["application.*"],
        product,
        retryPolicy: "custom",
        retrySchedule: "3600",
      },
    });
    expect(created.status).toBe(201);
    const webhookId = created.body.id as string;
    const published = await call(keys.editor, "POST", "/events", {
      body: { type: "application.created", product, payload: { application: { id: 1 } } },
    });
    expect(published.status).toBe(202);
    const [message] = await waitFor(() =>
      apiDb()
        .select()
        .from(messages)
        .where(and(eq(messages.webhookId, webhookId), eq(messages.status, "retrying")))
        .then((rows) => (rows.length ? rows : null)),
    );
    expect(receiver.requests).toHaveLength(1);

    const event = {
      id: "forged",
      name: "hookyard/messages.created",
      data: { messages: [{ messageId: message!.id, webhookId }] },
      ts: Date.now(),
    };
    const body = JSON.stringify(
      callBody({ id: "forged", event, steps: {}, stack: [], attempt: 0 }, 1),
    );
    const forgedSignature = `t=${Math.round(Date.now() / 1000)}&s=${"0".repeat(64)}`;
    for (let i = 0; i < 20; i++) {
      const answer = await rawRequest(
        origin(),
        "POST",
        "/api/inngest?fnId=hookyard-first-attempts&stepId=step",
        {
          "content-type": "application/json",
          ...(i % 2 ? { "x-inngest-signature": forgedSignature } : {}),
        },
        body,
      );
      expect(answer.status).toBe(401);
    }
    expect(receiver.requests).toHaveLength(1);
    const recorded = await apiDb()
      .select()
      .from(attempts)
      .where(eq(attempts.messageId, message!.id));
    expect(recorded).toHaveLength(1);
    const [after] = await apiDb().select().from(messages).where(eq(messages.id, message!.id));
    expect(after!.status).toBe("retrying");
  });
});

describe("the delivery worker", () => {
  it("the executor calls the delivery worker, and only it", async () => {
    const where = new Set((await registeredUrls()).map((u) => u.replace(/\?.*/, "")));
    expect([...where]).toEqual([`${workerUrl}/api/inngest`]);
  });

  it("refuses a body over its limit, or of no declared length, before reading it", async () => {
    const big = await rawRequest(
      workerUrl,
      "POST",
      "/api/inngest?fnId=hookyard-first-attempts&stepId=step",
      { "content-type": "application/json", "content-length": String(64 * 1024 * 1024) },
    ).catch((error: Error) => ({ status: 0, body: error.message }));
    expect(big.status).toBe(413);
    const chunked = await rawRequest(
      workerUrl,
      "POST",
      "/api/inngest?fnId=hookyard-first-attempts&stepId=step",
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      "{}",
    );
    expect(chunked.status).toBe(411);
    const elsewhere = await rawRequest(workerUrl, "GET", "/api/v1/webhooks", {});
    expect(elsewhere.status).toBe(404);
  });
});
