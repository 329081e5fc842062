import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { publishEvent } from "@/lib/messages/publish";
import { createTestWebhook, freshDb } from "@/test/db";
import { listKnownProducts, listWebhookProducts } from "./queries";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

describe("the products the wizard offers", () => {
  it("are those of webhooks and of published events, each once, in order", async () => {
    await createTestWebhook(db, "Product hook", { product: "PRD-200" });
    for (const product of ["PRD-300", "PRD-100", "PRD-300", null]) {
      await publishEvent(db, {
        type: "application.created",
        product,
        payload: {},
        source: "api",
      });
    }
    expect(await listKnownProducts(db)).toEqual(["PRD-100", "PRD-200", "PRD-300"]);
  });
});

describe("the products the webhooks list filters by", () => {
  it("are only those webhooks are limited to: a product seen only in events matches no webhook", async () => {
    // The wizard's test above left PRD-200 on a webhook and PRD-100, PRD-300 in events.
    await createTestWebhook(db, "Another product hook", { product: "PRD-050" });
    await createTestWebhook(db, "Same product hook", { product: "PRD-200" });
    expect(await listWebhookProducts(db)).toEqual(["PRD-050", "PRD-200"]);
  });
});
