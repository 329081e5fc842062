import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attempts, messages } from "@/db/schema";
import {
  BREAKER_FIRST_COOLDOWN_MS,
  BREAKER_TRIP_FAILURES,
  circuitOpen,
  PER_WEBHOOK_IN_FLIGHT,
} from "@/lib/delivery/lanes";
import { waitFor } from "@/test/wait-for";
import { deliveryHarness } from "@/test/delivery-harness";

/**
 * One endpoint's trouble stays its own: a hanging endpoint holds no executor call, a slow one
 * no more than its share of requests, and one that keeps failing is probed, not hammered.
 */

const h = deliveryHarness({ role: "editor", hookName: "Iso" });

/** A message's attempts, in order. */
const attemptsOf = async (messageId: string) =>
  h.db.select().from(attempts).where(eq(attempts.messageId, messageId)).orderBy(attempts.number);

describe("isolation", () => {
  it("a hanging endpoint holds no executor call: the healthy webhooks of the same events go on", async () => {
    // Two calls at a time: before, every run waited for the hanging request and the healthy
    // messages of later events queued behind it for the whole response timeout.
    await h.restartExecutor(async () => {}, { maxInFlight: 2 });
    const hanging = await h.webhook({
      eventTypes: ["account.deleted"],
      responseTimeoutSeconds: 60,
    });
    const healthy = await h.webhook({ eventTypes: ["account.deleted"] });
    h.script[new URL(hanging.url).pathname] = Array(8).fill("hang");
    const published: Awaited<ReturnType<typeof h.publish>>[] = [];
    for (let i = 0; i < 8; i++) published.push(await h.publish("account.deleted", { order: i }));
    const of = (w: { id: string }) =>
      published.map((p) => p.messages.find((m) => m.webhookId === w.id)!.id);

    await waitFor(
      async () => {
        for (const id of of(healthy))
          if ((await h.messageOf(id)).status !== "success") return false;
        return true;
      },
      30_000,
      "the healthy webhook's messages to be delivered",
    );
    // …while every request to the hanging endpoint is still waiting for its answer: nothing
    // of it is recorded yet, and no executor call waits for it (its runs have ended).
    for (const id of of(hanging)) {
      expect(await attemptsOf(id)).toHaveLength(0);
      expect((await h.messageOf(id)).status).toBe("created");
    }
    await waitFor(
      async () => {
        const { rows } = await h.pool.query<{ n: number }>(
          `select count(*)::int as n from executor.runs
           where status = 'running' or (status = 'queued' and next_at <= now())`,
        );
        return rows[0]!.n === 0;
      },
      15_000,
      "every run to end while the hanging requests are still out",
    );
    expect(h.hitsOn(new URL(hanging.url).pathname).length).toBeGreaterThan(0);
    for (const id of of(hanging)) expect(await attemptsOf(id)).toHaveLength(0);
    await h.restartExecutor();
  });

  it("a slow endpoint gets its share of requests in flight, and every message in the end", async () => {
    const slow = await h.webhook({ eventTypes: ["user.updated"], responseTimeoutSeconds: 10 });
    const path = new URL(slow.url).pathname;
    const count = PER_WEBHOOK_IN_FLIGHT * 2 + 4;
    h.script[path] = Array(count * 2).fill({ status: 200, delayMs: 1500 });
    const ids = [];
    for (let i = 0; i < count; i++) {
      ids.push((await h.publish("user.updated", { invoice: i })).messages[0]!.id);
    }
    await waitFor(
      async () =>
        (
          await h.db
            .select({ id: messages.id })
            .from(messages)
            .where(and(eq(messages.webhookId, slow.id), eq(messages.status, "success")))
        ).length === count,
      120_000,
      "every message to the slow endpoint to be delivered",
    );
    // Requests open at once at the receiver, from their arrival to their answer.
    const spans = h.hitsOn(path).map((hit) => [hit.at, hit.at + 1500] as const);
    const most = Math.max(
      ...spans.map(([at]) => spans.filter(([a, b]) => a <= at && at < b).length),
    );
    expect(most).toBeLessThanOrEqual(PER_WEBHOOK_IN_FLIGHT);
    // Handed back is not an attempt: each message was sent once.
    expect(new Set(h.hitsOn(path).map((hit) => hit.headers["webhook-id"])).size).toBe(count);
    expect(h.hitsOn(path)).toHaveLength(count);
    for (const id of ids.slice(0, 3)) expect(await attemptsOf(id)).toHaveLength(1);
  });

  it("an endpoint failing again and again is probed, not hammered, and recovers", async () => {
    const failing = await h.webhook({
      eventTypes: ["asset_request.approved"],
      retrySchedule: "1, 1, 1, 1, 1, 1, 1, 1, 1, 1",
    });
    const path = new URL(failing.url).pathname;
    h.script[path] = Array(1000).fill(500);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await h.publish("asset_request.approved", { payment: i })).messages[0]!.id);
    }
    // Twenty messages retried every second would make 20 requests a second. With the circuit
    // open, the messages wait without attempts and one probe at a time goes out.
    // Once it has failed for BREAKER_FAILING_FOR_MS the circuit opens (the functions run in
    // this process, lanes with them): the requests stop.
    await waitFor(
      async () => h.hitsOn(path).length >= BREAKER_TRIP_FAILURES && circuitOpen(failing.id),
      60_000,
      "the endpoint to fail long enough to open its circuit",
    );
    const opened = h.hitsOn(path).length;
    // Within the first cooldown: at most the probe, and a request that was already out.
    await new Promise((r) => setTimeout(r, BREAKER_FIRST_COOLDOWN_MS - 1000));
    expect(h.hitsOn(path).length - opened).toBeLessThanOrEqual(2);
    const waiting = await h.messageOf(ids.at(-1)!);
    expect(waiting.status).not.toBe("success");
    // The Logs say why the messages wait without attempts.
    await waitFor(
      async () => {
        const all = await Promise.all(ids.map((id) => h.messageOf(id)));
        return all.some((m) => /failed \d+ of its last \d+ attempts/.test(m.waitingReason ?? ""));
      },
      30_000,
      "a message to say it waits for the circuit",
    );

    // The endpoint comes back: the next probe succeeds and every message is delivered.
    h.script[path] = [];
    for (const id of ids) await waitFor(h.statusIs(id, "success"), 90_000, "recovery");
    // Delivered, nothing left saying it waits.
    for (const id of ids) expect((await h.messageOf(id)).waitingReason).toBeNull();

    const lastAttempt = (await attemptsOf(ids.at(-1)!)).at(-1)!;
    expect(lastAttempt.success).toBe(true);
  });
});
