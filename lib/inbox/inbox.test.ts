import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { messages } from "@/db/schema";
import { buildRequest } from "@/lib/delivery/build-request";
import { regenerateWebhookSecret, revealWebhookSecret } from "@/lib/webhooks/mutations";
import { actorFor, createTestWebhook, freshDb } from "@/test/db";
import { verifyInboxSignature } from "./inbox";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

let n = 0;

/**
 * A new message of `webhookId` and the request its delivery sends, signed with `secrets`
 * (the webhook's current secret unless given; a second one as the rotated-out secret).
 */
async function requestFor(
  webhookId: string,
  format: "json" | "xml" | "form" = "json",
  secrets?: string[],
) {
  n += 1;
  const id = `msg_inbox${n}`;
  const payload = { application: { id: n } };
  await db.insert(messages).values({
    id,
    webhookId,
    kind: "event",
    eventType: "application.created",
    payload,
    deadlineAt: new Date(Date.now() + 86_400_000),
  });
  const [secret, previousSecret] = secrets ?? [
    await revealWebhookSecret(db, webhookId, await actorFor(db)),
  ];
  const request = await buildRequest(
    {
      id: webhookId,
      name: "Inbox",
      url: "http://127.0.0.1/api/inbox/x",
      method: "POST",
      format,
      signing: "standard",
      secret: secret!,
      previousSecret,
      headers: [],
      customData: null,
    },
    {
      id,
      eventId: null,
      kind: "event",
      eventType: "application.created",
      product: null,
      payload,
      createdAt: new Date(),
    },
    { lastSuccessAt: null, lastFailureAt: null },
  );
  return { headers: request.headers, body: request.body ?? "" };
}

describe("the Inbox's signature check", () => {
  for (const format of ["json", "xml", "form"] as const) {
    it(`verifies a ${format} delivery of one of this console's webhooks`, async () => {
      const webhookId = await createTestWebhook(db, `Inbox ${format}`, { format });
      const { headers, body } = await requestFor(webhookId, format);
      expect(await verifyInboxSignature(db, headers, body)).toEqual({
        scheme: "standard",
        verified: true,
        webhookId,
        detail: "Signature verified",
      });
      const forged = await verifyInboxSignature(db, headers, body.replace(/\d/, "7"));
      expect(forged).toMatchObject({ verified: false });
    });
  }

  it("accepts the replaced secret during a rotation's grace period, and not after", async () => {
    const webhookId = await createTestWebhook(db, "Inbox rotation");
    const actor = await actorFor(db);
    const old = await revealWebhookSecret(db, webhookId, actor);
    await regenerateWebhookSecret(db, webhookId, actor, { graceSeconds: 3600 });
    const current = await revealWebhookSecret(db, webhookId, actor);
    expect(current).not.toBe(old);

    // A receiver still on the old secret: the delivery carries both signatures.
    const both = await requestFor(webhookId, "json", [current, old]);
    expect(both.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(await verifyInboxSignature(db, both.headers, both.body)).toMatchObject({
      verified: true,
    });
    // Signed with the old secret alone, it verifies while the grace period lasts…
    const oldOnly = await requestFor(webhookId, "json", [old]);
    expect(await verifyInboxSignature(db, oldOnly.headers, oldOnly.body)).toMatchObject({
      verified: true,
    });
    // …and not once the rotation ended it.
    await regenerateWebhookSecret(db, webhookId, actor, { graceSeconds: 0 });
    expect(await verifyInboxSignature(db, oldOnly.headers, oldOnly.body)).toMatchObject({
      verified: false,
    });
  });
});
