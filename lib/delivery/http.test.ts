import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";
import { jwtVerify } from "jose";
import qs from "qs";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWebhookSecret } from "@/lib/crypto/secrets";
import {
  buildRequest,
  recordRequest,
  USER_AGENT,
  type DeliveryMessage,
  type DeliveryTarget,
} from "./build-request";
import { RESPONSE_BODY_LIMIT, sendWebhookRequest } from "./http";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A real receiver on 127.0.0.1 whose answer each test chooses by path. */
let server: Server;
let base: string;
const received: Received[] = [];
const routes: Record<string, (res: ServerResponse) => void> = {
  "/ok": (res) => res.end("thanks"),
  "/redirect": (res) => res.writeHead(302, { location: "/ok" }).end(),
  "/big": (res) => res.end("x".repeat(RESPONSE_BODY_LIMIT * 2)),
  "/hang": () => {},
  "/slow-body": (res) => {
    res.writeHead(200);
    res.write("partial");
  },
  // Headers at once, then a byte every 200 ms for as long as the client listens.
  "/drip": (res) => {
    res.writeHead(200);
    const drip = setInterval(() => res.write("."), 200);
    res.on("close", () => clearInterval(drip));
  },
  "/late": (res) => {
    const late = setTimeout(() => res.end("late but in time"), 800);
    res.on("close", () => clearTimeout(late));
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const route = routes[new URL(req.url!, "http://x").pathname] ?? routes["/ok"]!;
      route(res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const LOOPBACK = { connectTimeoutMs: 1000, responseTimeoutMs: 1000, allow: "127.0.0.1" };
const last = () => received.at(-1)!;

function target(overrides: Partial<DeliveryTarget> = {}): DeliveryTarget {
  return {
    id: "WH-123-456-789",
    name: "Orders",
    url: `${base}/ok`,
    method: "POST",
    format: "json",
    signing: "standard",
    secret: generateWebhookSecret(),
    headers: [{ name: "X-Tenant", value: "acme" }],
    customData: { region: "eu" },
    ...overrides,
  };
}

const message: DeliveryMessage = {
  id: "msg_2abc",
  eventId: "evt_1xyz",
  kind: "event",
  eventType: "application.created",
  product: "PRD-1",
  payload: { application: { id: 42, name: "Mobile <checkout> & co" } },
  createdAt: new Date("2026-11-24T10:00:00Z"),
};
const history = { lastSuccessAt: null, lastFailureAt: new Date("2026-11-23T09:00:00Z") };

async function deliver(t: DeliveryTarget, m: DeliveryMessage = message) {
  const request = await buildRequest(t, m, history);
  const result = await sendWebhookRequest(request, LOOPBACK);
  expect(result.ok).toBe(true);
  return { request, got: last() };
}

describe("the request a webhook receives", () => {
  it("JSON with a Standard Webhooks signature the reference library accepts", async () => {
    const t = target();
    const { got } = await deliver(t);
    expect(got.method).toBe("POST");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["user-agent"]).toBe(USER_AGENT);
    expect(got.headers["x-tenant"]).toBe("acme");
    expect(got.headers["webhook-id"]).toBe("msg_2abc");
    const verified = new StandardWebhook(t.secret).verify(got.body, {
      "webhook-id": got.headers["webhook-id"] as string,
      "webhook-timestamp": got.headers["webhook-timestamp"] as string,
      "webhook-signature": got.headers["webhook-signature"] as string,
    });
    expect(verified).toEqual({
      id: "msg_2abc",
      event_id: "evt_1xyz",
      type: "application.created",
      timestamp: "2026-11-24T10:00:00.000Z",
      product: "PRD-1",
      data: message.payload,
      custom_data: { region: "eu" },
    });
    const md5 = (await import("node:crypto")).createHash("md5").update(got.body).digest("base64");
    expect(got.headers["content-md5"]).toBe(md5);
    // A signature made with another secret does not verify.
    expect(() =>
      new StandardWebhook(generateWebhookSecret()).verify(got.body, {
        "webhook-id": got.headers["webhook-id"] as string,
        "webhook-timestamp": got.headers["webhook-timestamp"] as string,
        "webhook-signature": got.headers["webhook-signature"] as string,
      }),
    ).toThrow();
  });

  it("XML in 3scale's <event> envelope, with PUT", async () => {
    const { got } = await deliver(target({ format: "xml", method: "PUT", signing: "none" }));
    expect(got.method).toBe("PUT");
    expect(got.headers["content-type"]).toBe("application/xml");
    expect(got.headers["webhook-signature"]).toBeUndefined();
    expect(got.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const parsed = new XMLParser().parse(got.body);
    expect(parsed.event).toMatchObject({
      type: "application",
      action: "created",
      object: { application: { id: 42, name: "Mobile <checkout> & co" } },
      custom_data: { region: "eu" },
    });
  });

  it("form-encoded, with nested fields in brackets", async () => {
    const { got } = await deliver(target({ format: "form", signing: "none" }));
    expect(got.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(qs.parse(got.body)).toMatchObject({
      type: "application.created",
      data: { application: { id: "42", name: "Mobile <checkout> & co" } },
      custom_data: { region: "eu" },
    });
  });

  it("GET carries the fields in the query and a JWT with CloudBlue's claims", async () => {
    const t = target({ method: "GET", signing: "jwt", url: `${base}/ok?token=abc` });
    const { got, request } = await deliver(t);
    expect(got.method).toBe("GET");
    expect(got.body).toBe("");
    const query = qs.parse(got.url.split("?")[1]!);
    expect(query).toMatchObject({ token: "abc", type: "application.created", id: "msg_2abc" });
    const token = (got.headers.authorization as string).replace(/^Bearer /, "");
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(t.secret));
    expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT" });
    expect(payload).toMatchObject({
      webhook_id: "WH-123-456-789",
      webhook_name: "Orders",
      event_type: "application.created",
      last_success_at: null,
      last_failure_at: "2026-11-23T09:00:00.000Z",
      data: { region: "eu" },
    });
    expect(payload.exp! - payload.iat!).toBe(300);
    await expect(jwtVerify(token, new TextEncoder().encode("wrong"))).rejects.toThrow();
    // What the attempt records keeps the token out.
    const recorded = recordRequest(request);
    expect(recorded.headers.authorization).toBe("Bearer ••••••••");
    expect(JSON.stringify(recorded)).not.toContain(token);
    expect(JSON.stringify(recorded)).not.toContain(t.secret);
  });

  it("the Test ping carries the seed's payload and an md5 a receiver of any format can check", async () => {
    const ping: DeliveryMessage = {
      ...message,
      kind: "test",
      eventType: "ping",
      payload: { type: "ping", epoch_timestamp: 1466526410 },
    };
    const md5 = (text: string) => createHash("md5").update(text).digest("hex");
    const send = async (format: "json" | "xml" | "form", method: "POST" | "GET" = "POST") =>
      (await deliver(target({ customData: null, signing: "none", format, method }), ping)).got;

    // Each receiver checks the md5 against bytes it received, as the README says.
    const json = await send("json");
    const body = JSON.parse(json.body);
    expect(body.payload).toEqual({ type: "ping", epoch_timestamp: 1466526410 });
    const jsonCovered = /^\{"payload":(.*),"md5":"[0-9a-f]{32}"\}$/.exec(json.body)![1]!;
    expect(body.md5).toBe(md5(jsonCovered));
    expect(jsonCovered).toBe('{"type":"ping","epoch_timestamp":1466526410}');

    const xml = await send("xml");
    const parsed = new XMLParser().parse(xml.body).notification;
    expect(parsed.payload).toEqual(body.payload);
    const xmlCovered = /<payload>(.*)<\/payload>/s.exec(xml.body)![1]!;
    expect(xmlCovered).toBe("<type>ping</type><epoch_timestamp>1466526410</epoch_timestamp>");
    expect(parsed.md5).toBe(md5(xmlCovered));

    const form = await send("form");
    const formCovered = form.body.slice(0, form.body.lastIndexOf("&md5="));
    expect(qs.parse(form.body)).toEqual({
      payload: { type: "ping", epoch_timestamp: "1466526410" },
      md5: md5(formCovered),
    });

    const get = await send("json", "GET");
    const query = get.url.slice(get.url.indexOf("?") + 1);
    expect(qs.parse(query).md5).toBe(md5(query.slice(0, query.lastIndexOf("&md5="))));
  });

  it("masks credential-like custom headers in what an attempt records", async () => {
    const request = await buildRequest(
      target({ headers: [{ name: "X-Api-Key", value: "sk_live_123" }] }),
      message,
      history,
    );
    const recorded = recordRequest(request);
    expect(recorded.headers["x-api-key"]).toBe("••••••••");
    expect(recorded.headers["webhook-signature"]).toMatch(/^v1,••••••••$/);
    expect(recorded.headers["x-api-key"]).not.toContain("sk_live");
  });

  it("masks headers flagged secret and credentials in the URL in what an attempt records", async () => {
    const request = await buildRequest(
      target({
        url: "https://hooks.example.com/in?tenant=acme&user_key=uk-1&access_token=at-2",
        headers: [{ name: "X-Tenant", value: "flagged-value", secret: true }],
      }),
      message,
      history,
    );
    expect(request.headers["x-tenant"]).toBe("flagged-value");
    expect(request.url).toContain("user_key=uk-1&access_token=at-2");
    const recorded = recordRequest(request);
    expect(recorded.headers["x-tenant"]).toBe("••••••••");
    expect(recorded.url).toBe(
      "https://hooks.example.com/in?tenant=acme&user_key=••••••••&access_token=••••••••",
    );
  });
});

describe("sending", () => {
  const get = (path: string) => ({
    url: `${base}${path}`,
    method: "GET" as const,
    headers: {},
    body: null,
  });

  it("does not follow redirects", async () => {
    const result = await sendWebhookRequest(get("/redirect"), LOOPBACK);
    expect(result).toMatchObject({ ok: true, status: 302, headers: { location: "/ok" } });
  });

  it("keeps at most 64 KiB of the response body", async () => {
    const result = await sendWebhookRequest(get("/big"), LOOPBACK);
    expect(result).toMatchObject({ ok: true, status: 200, truncated: true });
    expect(result.ok && result.body.length).toBe(RESPONSE_BODY_LIMIT);
  });

  it("gives up on an endpoint that does not answer within the response timeout", async () => {
    const result = await sendWebhookRequest(get("/hang"), { ...LOOPBACK, responseTimeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, errorKind: "timeout" });
    expect(result.durationMs).toBeLessThan(2000);
    const slow = await sendWebhookRequest(get("/slow-body"), {
      ...LOOPBACK,
      responseTimeoutMs: 300,
    });
    expect(slow).toMatchObject({ ok: false, errorKind: "timeout" });
  });

  it("bounds the whole answer by the response timeout, however steadily the body trickles", async () => {
    // Undici's body timeout is an idle timeout: a byte every 200 ms would keep it from firing.
    const timeouts = { ...LOOPBACK, connectTimeoutMs: 3000, responseTimeoutMs: 1000 };
    const onNewConnection = await sendWebhookRequest(get("/drip"), timeouts);
    expect(await sendWebhookRequest(get("/ok"), timeouts)).toMatchObject({ ok: true });
    const onKeptAliveConnection = await sendWebhookRequest(get("/drip"), timeouts);
    for (const result of [onNewConnection, onKeptAliveConnection]) {
      expect(result).toMatchObject({ ok: false, errorKind: "timeout" });
      expect(result.durationMs).toBeGreaterThanOrEqual(900);
      // Not connect + response (4 s): the response clock starts once the request is sent.
      expect(result.durationMs).toBeLessThan(2500);
    }
  });

  it("gives the answer the whole response timeout, not the connect timeout", async () => {
    const result = await sendWebhookRequest(get("/late"), {
      ...LOOPBACK,
      connectTimeoutMs: 300,
      responseTimeoutMs: 2000,
    });
    expect(result).toMatchObject({ ok: true, status: 200, body: "late but in time" });
  });

  it("names refused connections and unknown hosts", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    const refused = await sendWebhookRequest(
      { ...get(""), url: `http://127.0.0.1:${port}/` },
      LOOPBACK,
    );
    expect(refused).toMatchObject({ ok: false, errorKind: "connection_refused" });
    const unknown = await sendWebhookRequest(
      { ...get(""), url: "http://no-such-host.invalid/" },
      LOOPBACK,
    );
    expect(unknown).toMatchObject({ ok: false, errorKind: "dns" });
  });

  it("refuses loopback unless allowed, before any byte is sent", async () => {
    const before = received.length;
    const blocked = await sendWebhookRequest(get("/ok"), { ...LOOPBACK, allow: "" });
    expect(blocked).toMatchObject({ ok: false, errorKind: "blocked_address" });
    const viaName = await sendWebhookRequest(
      { ...get("/ok"), url: base.replace("127.0.0.1", "localhost") + "/ok" },
      { ...LOOPBACK, allow: "" },
    );
    expect(viaName).toMatchObject({ ok: false, errorKind: "blocked_address" });
    expect(received.length).toBe(before);
  });
});
