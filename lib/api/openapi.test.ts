import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./endpoints";
import { openApiDocument } from "./openapi";

describe("the OpenAPI document", () => {
  const document = openApiDocument(ENDPOINTS, "http://127.0.0.1:3000");

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes every operation once, with its role and its error shape", () => {
    const operations = Object.values(document.paths).flatMap((p) => Object.values(p)) as {
      operationId: string;
      "x-hookyard-role": string;
      responses: Record<string, unknown>;
    }[];
    expect(operations.map((o) => o.operationId).sort()).toEqual(
      ENDPOINTS.map((e) => e.operationId).sort(),
    );
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    for (const o of operations) {
      expect(["viewer", "editor", "admin"]).toContain(o["x-hookyard-role"]);
      expect(Object.keys(o.responses)).toEqual(expect.arrayContaining(["401", "403", "429"]));
    }
    expect(document.components.schemas).toHaveProperty("Webhook");
    expect(document.components.schemas).toHaveProperty("Error");
  });

  it("takes the forms' field rules: the webhook body names its fields and their enums", () => {
    const create = (
      document.paths["/webhooks"] as {
        post: { requestBody: { content: Record<string, { schema: unknown }> } };
      }
    ).post;
    const body = create.requestBody.content["application/json"]!.schema as {
      properties: Record<string, { enum?: string[]; maximum?: number }>;
      additionalProperties: boolean;
    };
    expect(body.properties.method!.enum).toEqual(["POST", "PUT", "GET"]);
    expect(body.properties.connectTimeoutSeconds!.maximum).toBe(30);
    expect(body.additionalProperties).toBe(false);
    // The API fills in the wizard's defaults: only what has none is required.
    expect((body as unknown as { required: string[] }).required.sort()).toEqual([
      "eventTypes",
      "name",
      "url",
    ]);
  });
});
