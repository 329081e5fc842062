import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { events, webhooks } from "@/db/schema";
import { MAX_JSON_DEPTH } from "@/lib/util/json-depth";
import { apiDb, baseUrl, call, keysByRole, unique } from "@/test/api/client";
import { MAX_BODY_BYTES } from "../endpoint";

let keys: Awaited<ReturnType<typeof keysByRole>>;
beforeAll(async () => {
  keys = await keysByRole();
});

describe("the API's HTTP conventions", () => {
  it("serves a valid OpenAPI 3.1 document naming this server, without a key", async () => {
    const response = await fetch(`${baseUrl()}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { servers: { url: string }[]; paths: object };
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(document.servers[0]!.url).toBe(`${baseUrl()}/api/v1`);
    expect(Object.keys(document.paths)).toContain("/webhooks/{id}/rotate-secret");
  });

  it("sends the browser hardening headers with pages and API answers", async () => {
    for (const path of ["/login", "/api/v1/openapi.json", "/api/health"]) {
      const answer = await fetch(`${baseUrl()}${path}`, { redirect: "manual" });
      const csp = answer.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toMatch(/script-src 'self'(?! [^;]*'unsafe-eval')/);
      expect(answer.headers.get("x-frame-options"), path).toBe("DENY");
      expect(answer.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(answer.headers.get("referrer-policy"), path).toBe("same-origin");
      await answer.arrayBuffer();
    }
  });

  it("answers 405 in the error shape for a method a path does not have", async () => {
    const answer = await call(keys.admin, "PUT", "/webhooks");
    expect(answer.status).toBe(405);
    expect(answer.body.error.code).toBe("method_not_allowed");
  });

  it("answers 405 at a literal path that a parameter could match too", async () => {
    // GET /messages/{id} exists, but /messages/recover is a path of its own, with POST alone.
    const answer = await call(keys.admin, "GET", "/messages/recover");
    expect(answer.status).toBe(405);
    expect(answer.body.error).toEqual({
      code: "method_not_allowed",
      message: "GET is not an operation of /api/v1/messages/recover; see /api/v1/openapi.json",
    });
  });

  it("answers 404 in the error shape wherever below /api/v1 no operation is", async () => {
    for (const [method, path] of [
      ["GET", ""],
      ["POST", "/webhooks/WH-000-000-000/nope"],
      ["DELETE", "/messages/recover/x"],
      ["GET", "/Webhooks"],
    ] as const) {
      const answer = await call(keys.admin, method, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error, path).toEqual({
        code: "not_found",
        message: `No API operation at ${method} /api/v1${path}; see /api/v1/openapi.json`,
      });
    }
  });

  it("takes a path parameter as one segment, decoded, and literal segments as sent", async () => {
    for (const path of ["/webhooks/WH-000-000-000%2Fsecret", "/messages/recove%72"]) {
      const answer = await call(keys.admin, "GET", path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error, path).toMatchObject({ code: "not_found", field: "id" });
    }
  });

  it("answers OPTIONS with the methods, and HEAD as GET without a body", async () => {
    const options = await fetch(`${baseUrl()}/api/v1/webhooks/WH-000-000-000`, {
      method: "OPTIONS",
    });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    const head = await fetch(`${baseUrl()}/api/v1/webhooks`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${keys.viewer}` },
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const refused = await fetch(`${baseUrl()}/api/v1/webhooks`, { method: "HEAD" });
    expect(refused.status).toBe(401);
  });

  it("answers 413 for a body over the limit, and stores nothing", async () => {
    const name = unique("Huge");
    const answer = await call(keys.editor, "POST", "/webhooks", {
      body: {
        name,
        url: "https://example.com/huge",
        eventTypes: ["application.*"],
        product: "PRD-huge",
        description: "x".repeat(MAX_BODY_BYTES),
      },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe("payload_too_large");
    expect(await apiDb().select().from(webhooks).where(eq(webhooks.name, name))).toEqual([]);
  });

  it("refuses a payload nested past the limit with a message naming the field, and stores nothing", async () => {
    const key = `deep-${Date.now()}`;
    const nested = (levels: number) =>
      JSON.parse(`${'{"a":'.repeat(levels - 1)}{}${"}".repeat(levels - 1)}`) as object;
    for (const levels of [MAX_JSON_DEPTH + 1, 3000]) {
      const answer = await call(keys.editor, "POST", "/events", {
        body: { type: "application.created", payload: nested(levels), idempotencyKey: key },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.field).toBe("payload");
      expect(answer.body.error.fields.payload).toContain(`${MAX_JSON_DEPTH} levels`);
    }
    expect(await apiDb().select().from(events).where(eq(events.idempotencyKey, key))).toEqual([]);
    const ok = await call(keys.editor, "POST", "/events", {
      body: { type: "application.created", payload: nested(MAX_JSON_DEPTH) },
    });
    expect(ok.status).toBe(202);
  });

  it("answers 400 naming the field for a NUL in a search, not 500", async () => {
    for (const [path, field] of [
      ["/webhooks?q=%00", "q"],
      ["/messages?eventType=%00", "eventType"],
      ["/messages?q=a%00b", "q"],
    ] as const) {
      const answer = await call(keys.viewer, "GET", path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.field, path).toBe(field);
    }
  });

  it("replays a repeated idempotency key with the first answer", async () => {
    const body = {
      type: "application.created",
      product: "PRD-idempotent-suite",
      payload: { application: { id: 9 } },
      idempotencyKey: `suite-${Date.now()}`,
    };
    const first = await call(keys.editor, "POST", "/events", { body });
    const second = await call(keys.editor, "POST", "/events", { body });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
  });
});
