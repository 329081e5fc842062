import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { webhooks } from "@/db/schema";
import { apiDb, baseUrl, call, keysByRole, unique } from "@/lib/test/api/client";
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

  it("answers 405 in the error shape for a method a path does not have", async () => {
    const answer = await call(keys.admin, "PUT", "/webhooks");
    expect(answer.status).toBe(405);
    expect(answer.body.error.code).toBe("method_not_allowed");
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
