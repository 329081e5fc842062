import { eq } from "drizzle-orm";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { attempts, messages, webhooks } from "@/db/schema";
import type { Actor } from "@/lib/audit/mutations";
import { dueEvent } from "@/lib/delivery/due";
import {
  cancelMessage,
  enqueueMessages,
  retryMessage,
  triggerWebhook,
} from "@/lib/messages/operations";
import { setDeliveriesPaused } from "@/lib/settings/settings";
import { createDirectMessage, publishEvent } from "@/lib/messages/publish";
import { sweepStuckMessages } from "@/lib/delivery/sweep";
import { getWebhookCounters } from "@/lib/stats/queries";
import { getWebhookWithPeople } from "@/lib/webhooks/queries";
import {
  regenerateWebhookSecret,
  revealWebhookSecret,
  updateWebhookHttp,
} from "@/lib/webhooks/mutations";
import { waitFor } from "@/test/wait-for";
import { deliveryHarness } from "@/test/delivery-harness";

/**
 * Delivery end to end: events published to real webhooks served on 127.0.0.1, through the
 * real SDK's functions driven by the local executor, against a real Postgres.
 */

const h = deliveryHarness({ role: "editor", hookName: "Hook" });
const { script, send, publish, webhook, messageOf, statusIs, hitsOn } = h;
let db: Db;
let actor: Actor;
let receiverUrl: string;
beforeAll(() => {
  ({ db, actor, receiverUrl } = h);
});

/** Publishes and returns the message meant for webhook `w` (others may subscribe too). */
async function publishFor(
  w: { id: string },
  payload: Record<string, unknown>,
  type = "application.created",
) {
  const published = await publish(type, payload);
  return published.messages.find((x) => x.webhookId === w.id)!;
}

describe("delivery", () => {
  it("fans an event out to subscribed enabled webhooks only, signed and recorded", async () => {
    const direct = await webhook();
    const family = await webhook({ eventTypes: ["application.*"] });
    const disabled = await webhook({ enabled: false });
    const otherType = await webhook({ eventTypes: ["account.created"] });
    const otherProduct = await webhook({ product: "PRD-9" });
    const published = await publish("application.created", { application: { id: 7 } }, "PRD-1");
    expect(published.messageCount).toBe(2);
    const ids = published.messages.map((m) => m.webhookId).sort();
    expect(ids).toEqual([direct.id, family.id].sort());

    for (const m of published.messages) await waitFor(statusIs(m.id, "success"));
    const hit = hitsOn(new URL(direct.url).pathname)[0]!;
    const secret = await revealWebhookSecret(db, direct.id, actor);
    const body = new StandardWebhook(secret).verify(hit.body, {
      "webhook-id": hit.headers["webhook-id"] as string,
      "webhook-timestamp": hit.headers["webhook-timestamp"] as string,
      "webhook-signature": hit.headers["webhook-signature"] as string,
    }) as { type: string; data: unknown; id: string };
    expect(body).toMatchObject({ type: "application.created", data: { application: { id: 7 } } });
    expect(hit.headers["webhook-id"]).toBe(body.id);
    for (const w of [disabled, otherType, otherProduct]) {
      expect(hitsOn(new URL(w.url).pathname)).toHaveLength(0);
    }
    const recorded = await db.select().from(attempts).where(eq(attempts.webhookId, direct.id));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ success: true, responseStatus: 200, number: 1 });
    expect(JSON.stringify(recorded[0]!.request)).not.toContain(secret);
    // The Statistics tab's counters moved with the delivery.
    const counters = await getWebhookCounters(db, direct.id);
    expect(counters).toMatchObject({ events: 1, triggers: 1, successes: 1, failures: 0 });
    expect(counters.lastSuccess?.messageId).toBe(hit.headers["webhook-id"]);
    expect((await getWebhookCounters(db, disabled.id)).events).toBe(0);
  });

  it("sends a webhook's credentials to the receiver and keeps them out of the attempt", async () => {
    const w = await webhook({
      url: `${receiverUrl}/credentialed?tenant=acme&api_key=url-credential-value`,
      headers: [
        { name: "X-Api-Key", value: "header-credential-value" },
        { name: "X-Tenant-Token-Id", value: "flagged-credential-value", secret: true },
        { name: "X-Plain", value: "plain-value" },
      ],
    });
    const m = await publishFor(w, { n: 0 });
    await waitFor(statusIs(m!.id, "success"));
    const hit = hitsOn("/credentialed")[0]!;
    expect(hit.query).toBe("?tenant=acme&api_key=url-credential-value");
    expect(hit.headers["x-api-key"]).toBe("header-credential-value");
    expect(hit.headers["x-tenant-token-id"]).toBe("flagged-credential-value");
    expect(hit.headers["x-plain"]).toBe("plain-value");
    const [recorded] = await db.select().from(attempts).where(eq(attempts.messageId, m!.id));
    expect(recorded!.request.url).toBe(`${receiverUrl}/credentialed?tenant=acme&api_key=••••••••`);
    expect(recorded!.request.headers["x-plain"]).toBe("plain-value");
    expect(JSON.stringify(recorded)).not.toMatch(/credential-value/);
  });

  it("after a rotation, signs with the new secret and, for the grace period, the old one too", async () => {
    const w = await webhook();
    const old = await revealWebhookSecret(db, w.id, actor);
    await regenerateWebhookSecret(db, w.id, actor, { graceSeconds: 3600 });
    const current = await revealWebhookSecret(db, w.id, actor);
    const verifies = (secret: string, hit: ReturnType<typeof hitsOn>[number]) => {
      try {
        new StandardWebhook(secret).verify(hit.body, {
          "webhook-id": hit.headers["webhook-id"] as string,
          "webhook-timestamp": hit.headers["webhook-timestamp"] as string,
          "webhook-signature": hit.headers["webhook-signature"] as string,
        });
        return true;
      } catch {
        return false;
      }
    };

    const during = await publishFor(w, { n: 1 });
    await waitFor(statusIs(during.id, "success"));
    const first = hitsOn(new URL(w.url).pathname)[0]!;
    expect((first.headers["webhook-signature"] as string).split(" ")).toHaveLength(2);
    expect(verifies(current, first)).toBe(true);
    expect(verifies(old, first)).toBe(true);

    // The grace period over (here: ended by hand), only the new secret signs.
    await db
      .update(webhooks)
      .set({ previousSecretExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(webhooks.id, w.id));
    const after = await publishFor(w, { n: 2 });
    await waitFor(statusIs(after.id, "success"));
    const second = hitsOn(new URL(w.url).pathname)[1]!;
    expect((second.headers["webhook-signature"] as string).split(" ")).toHaveLength(1);
    expect(verifies(current, second)).toBe(true);
    expect(verifies(old, second)).toBe(false);
  });

  it("retries a failure on schedule, with the same webhook-id, at the webhook's current URL", async () => {
    const w = await webhook({ retrySchedule: "2, 1, 1" });
    const firstPath = new URL(w.url).pathname;
    script[firstPath] = [500];
    const m = await publishFor(w, { n: 1 });
    await waitFor(statusIs(m!.id, "retrying"));
    // Edited while retrying: the next attempt goes to the new URL.
    const { secretEncrypted: _s, ...current } = w;
    void _s;
    await updateWebhookHttp(
      db,
      {
        id: w.id,
        url: `${receiverUrl}/moved-${w.id}`,
        method: current.method,
        format: current.format,
        signing: current.signing,
        headers: [],
        connectTimeoutSeconds: 2,
        responseTimeoutSeconds: 2,
        retryPolicy: "custom",
        retrySchedule: [1, 1, 1],
        retryOn: "non_2xx",
        disableOnFailedTest: false,
        filter: null,
        rateLimitPerSecond: null,
        forwardTraceparent: false,
      },
      actor,
    );
    const done = await waitFor(statusIs(m!.id, "success"));
    expect(done.attempts).toBe(2);
    const [first, second] = [hitsOn(firstPath)[0]!, hitsOn(`/moved-${w.id}`)[0]!];
    expect(first.headers["webhook-id"]).toBe(second.headers["webhook-id"]);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
  });

  it("fails after the last retry, and 410 Gone disables the webhook at once", async () => {
    const w = await webhook();
    script[new URL(w.url).pathname] = [500, 503, 500, 500];
    const m = await publishFor(w, { n: 2 });
    const failed = await waitFor(statusIs(m!.id, "failed"));
    expect(failed.attempts).toBe(4);

    const gone = await webhook();
    script[new URL(gone.url).pathname] = [410];
    const g = await publishFor(gone, { n: 3 });
    await waitFor(statusIs(g!.id, "failed"));
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, gone.id));
    expect(row).toMatchObject({ enabled: false, disabledReason: "The endpoint answered 410 Gone" });
    // The disable is a change: Modified moved, and names Hookyard as who made it.
    expect(row!.updatedAt.getTime()).toBeGreaterThan(gone.updatedAt.getTime());
    expect(await getWebhookWithPeople(db, gone.id)).toMatchObject({ updatedByLabel: "Hookyard" });
  });

  it("Cancel stops a retrying message; Retry delivers a finished one again", async () => {
    const w = await webhook({ retrySchedule: "3600" });
    script[new URL(w.url).pathname] = [500];
    const m = await publishFor(w, { n: 4 });
    await waitFor(statusIs(m!.id, "retrying"));
    await cancelMessage(db, m!.id);
    expect((await messageOf(m!.id)).status).toBe("cancelled");
    // Even made due and drained, a cancelled message gets no attempt.
    await h.pool.query("update messages set next_attempt_at = now() where id = $1", [m!.id]);
    const drain = { ...dueEvent(null), id: `drain-${m!.id}` };
    await send([drain]);
    await waitFor(async () => {
      const { rows } = await h.pool.query(
        "select 1 from executor.runs where event->>'id' = $1 and status = 'completed'",
        [drain.id],
      );
      return rows.length > 0;
    });
    expect(hitsOn(new URL(w.url).pathname)).toHaveLength(1);
    expect((await messageOf(m!.id)).status).toBe("cancelled");

    await retryMessage(db, send, m!.id);
    const again = await waitFor(statusIs(m!.id, "success"));
    expect(again).toMatchObject({ round: 2, attempts: 2 });
  });

  it("Retry on a retrying message attempts at once instead of waiting", async () => {
    const w = await webhook({ retrySchedule: "3600" });
    script[new URL(w.url).pathname] = [500];
    const m = await publishFor(w, { n: 5 });
    await waitFor(statusIs(m!.id, "retrying"));
    const started = Date.now();
    await retryMessage(db, send, m!.id);
    await waitFor(statusIs(m!.id, "success"));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a Test ping gets one attempt; with the option on, a failed one disables the webhook", async () => {
    const strict = await webhook({ disableOnFailedTest: true });
    const lenient = await webhook();
    for (const w of [strict, lenient]) {
      script[new URL(w.url).pathname] = [500];
      await enqueueMessages(send, [await createDirectMessage(db, w.id, "test")]);
    }
    for (const w of [strict, lenient]) {
      const [m] = await db.select().from(messages).where(eq(messages.webhookId, w.id));
      const done = await waitFor(statusIs(m!.id, "failed"));
      expect(done).toMatchObject({ attempts: 1, lastResponseStatus: 500 });
    }
    const [after] = await db.select().from(webhooks).where(eq(webhooks.id, strict.id));
    expect(after).toMatchObject({
      enabled: false,
      disabledReason: "The Test ping failed: HTTP 500",
    });
    const [other] = await db.select().from(webhooks).where(eq(webhooks.id, lenient.id));
    expect(other!.enabled).toBe(true);
    // One request each: a ping is not retried.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hitsOn(new URL(strict.url).pathname)).toHaveLength(1);
    expect(hitsOn(new URL(lenient.url).pathname)).toHaveLength(1);
  });

  it("Trigger Now answers with the ping's outcome, and at once while deliveries are paused", async () => {
    const w = await webhook();
    const answered = await triggerWebhook(db, send, w.id);
    expect(answered).toMatchObject({ status: "success", lastResponseStatus: 200, paused: false });
    expect(answered.durationMs).toEqual(expect.any(Number));

    await setDeliveriesPaused(db, true, actor);
    try {
      // Given a wait far longer than the test's own timeout: paused, the answer uses none of it.
      const paused = await triggerWebhook(db, send, w.id, 3_600_000);
      expect(paused).toMatchObject({ status: "created", paused: true, durationMs: null });
    } finally {
      await setDeliveriesPaused(db, false, actor);
    }
  });

  it("a message stored but never handed over is found by the sweeper and delivered", async () => {
    const w = await webhook({ eventTypes: ["account.updated"] });
    // Stored like the events API does, but the hand-over to the functions never happened.
    const published = await publishEvent(db, {
      type: "account.updated",
      payload: { lost: true },
      source: "api",
    });
    const m = published.messages.find((x) => x.webhookId === w.id)!;
    expect((await sweepStuckMessages(db, send)).stuck).toBe(0); // too recent to be stuck
    await db
      .update(messages)
      .set({ createdAt: new Date(Date.now() - 6 * 60_000) })
      .where(eq(messages.id, m.id));
    expect((await sweepStuckMessages(db, send)).stuck).toBeGreaterThanOrEqual(1);
    await waitFor(statusIs(m.id, "success"));
    expect(hitsOn(new URL(w.url).pathname)).toHaveLength(1);
    expect((await sweepStuckMessages(db, send)).stuck).toBe(0); // found once only
  });

  it("a request that cannot be built fails its message at once, with the reason on an attempt", async () => {
    const xml = await webhook({ eventTypes: ["tier_config_request.created"], format: "xml" });
    // Stored before publishing refused deep payloads: the XML builder runs out of stack.
    const deep = JSON.parse(`${'{"a":'.repeat(1000)}{}${"}".repeat(1000)}`) as Record<
      string,
      unknown
    >;
    const m = await publishFor(xml, deep, "tier_config_request.created");
    await waitFor(statusIs(m.id, "failed"));
    const [message] = await db.select().from(messages).where(eq(messages.id, m.id));
    expect(message?.lastError).toMatch(/could not be built/);
    const recorded = await db.select().from(attempts).where(eq(attempts.messageId, m.id));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ errorKind: "build", success: false });
    expect(hitsOn(new URL(xml.url).pathname)).toHaveLength(0);
  });

  it("a hanging endpoint does not delay the others", async () => {
    // The slow endpoint holds its request until the test lets go: however slow the machine,
    // the fast webhook's delivery must finish while that request is still out.
    let letGo = () => {};
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const slow = await webhook({ eventTypes: ["user.created"], responseTimeoutSeconds: 60 });
    const fast = await webhook({ eventTypes: ["user.created"] });
    script[new URL(slow.url).pathname] = [{ status: 200, until: held }];
    const published = await publish("user.created", { user: 1 });
    const messageTo = (w: { id: string }) => published.messages.find((x) => x.webhookId === w.id)!;
    try {
      await waitFor(async () => hitsOn(new URL(slow.url).pathname).length === 1);
      await waitFor(statusIs(messageTo(fast).id, "success"));
      expect((await messageOf(messageTo(slow).id)).status).toBe("created");
      expect(
        await db
          .select()
          .from(attempts)
          .where(eq(attempts.messageId, messageTo(slow).id)),
      ).toHaveLength(0);
    } finally {
      letGo();
    }
    await waitFor(statusIs(messageTo(slow).id, "success"));
  });
});

describe("a webhook's rate limit", () => {
  it("makes deliveries beyond the limit wait for it, none failed, while another webhook is not held back", async () => {
    const type = "tier_config_request.created";
    const limit = 2;
    const limited = await webhook({ eventTypes: [type], rateLimitPerSecond: limit });
    const free = await webhook({ eventTypes: [type] });
    const count = 9;
    const publishedAt = Date.now();
    // Stored first, then handed over together: however slow the machine, more than two come
    // due in one second.
    const published = [];
    for (let i = 0; i < count; i++) {
      published.push(await publishEvent(db, { type, payload: { n: i }, source: "api" }));
    }
    await enqueueMessages(
      send,
      published.flatMap((p) => p.messages),
    );
    const mine = published.map((p) => p.messages.find((m) => m.webhookId === limited.id)!);

    // The Logs show the ones beyond the limit waiting for it.
    const waiting = await waitFor(async () => {
      const rows = await Promise.all(mine.map((m) => messageOf(m.id)));
      return rows.find((r) => r.waitingFor === "rate_limit");
    });
    expect(waiting.waitingReason).toBe("Waiting for the rate limit (2 per second)");
    expect(waiting.status).toBe("created");

    // The unlimited webhook has every event while the limited one still waits for turns.
    await waitFor(async () => hitsOn(new URL(free.url).pathname).length === count);
    const limitedPath = new URL(limited.url).pathname;
    expect(hitsOn(limitedPath).length).toBeLessThan(count);

    for (const m of mine) await waitFor(statusIs(m.id, "success"), 60_000);
    const hits = hitsOn(limitedPath);
    expect(hits).toHaveLength(count);
    // Nine deliveries at two a second take turns in five seconds from the one they were
    // published in, so the last cannot arrive sooner than three seconds after publishing,
    // however fast or slow the machine. (How many arrive within one second depends on when
    // the receiver gets to them too: the limit itself — at most two turns a second, handed
    // out oldest first — is checked exactly in lib/delivery/rate-limit.test.ts.)
    expect(hits.at(-1)!.at - publishedAt).toBeGreaterThanOrEqual(3_000);
    const arrived = hits.map((hit) => (JSON.parse(hit.body) as { data: { n: number } }).data.n);
    expect([...arrived].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
    // Waiting was not a failure: one attempt each.
    for (const m of mine) expect((await messageOf(m.id)).attempts).toBe(1);
  });
});

describe("trace context", () => {
  it("a webhook that opts in receives each attempt's traceparent in the publisher's trace; others none", async () => {
    const type = "asset_request.failed";
    const traced = await webhook({ eventTypes: [type], forwardTraceparent: true });
    const plain = await webhook({ eventTypes: [type] });
    const tracedPath = new URL(traced.url).pathname;
    script[tracedPath] = [500, 200];
    const published = await publishEvent(db, {
      type,
      payload: { asset_request: { id: 3 } },
      source: "api",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    await enqueueMessages(send, published.messages);
    for (const m of published.messages) await waitFor(statusIs(m.id, "success"));
    const [first, retry] = hitsOn(tracedPath).map((hit) => hit.headers.traceparent as string);
    expect(first).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(retry).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(retry).not.toBe(first);
    expect(hitsOn(new URL(plain.url).pathname)[0]!.headers.traceparent).toBeUndefined();
  });
});
