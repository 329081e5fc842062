import { randomBytes } from "node:crypto";
import { and, eq, like, sql } from "drizzle-orm";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { alerts, events, heartbeats, messages, webhooks } from "@/db/schema";
import type { Actor } from "@/lib/audit/mutations";
import { alertingFailure } from "@/lib/alerts/raise";
import { countUnreadAlerts, listAlerts, markAlertsRead } from "@/lib/alerts/queries";
import { scanAlerts } from "@/lib/alerts/scan";
import { enqueueMessages } from "@/lib/messages/operations";
import { createDirectMessage } from "@/lib/messages/publish";
import { pruneOldMessages } from "@/lib/messages/retention";
import { revealWebhookSecret } from "@/lib/webhooks/mutations";
import { deliveryHarness, type Hit } from "@/test/delivery-harness";
import { actorFor } from "@/test/db";
import { waitFor } from "@/test/wait-for";

/**
 * Operational alerts end to end: failures made by real deliveries to a receiver on
 * 127.0.0.1, found by the alerts job, shown in the console's list and sent — signed — to an
 * operational webhook (one subscribed to `hookyard.*`) through the real executor.
 */

// The alerts job itself is not served: each test scans when it chooses (a scan of the job's
// beside the test's would take the rows the test's scan then skips, still uncommitted).
const h = deliveryHarness({ role: "admin", hookName: "Alerted", without: ["alerts"] });
const { script, publish, webhook, statusIs, hitsOn } = h;
let db: Db;
let actor: Actor;
beforeAll(() => {
  ({ db, actor } = h);
});

const scan = () => scanAlerts(db, h.send);

/** What the tests read of an alert event's data (lib/alerts/types.ts has each type's whole). */
interface AlertEventData {
  webhook: { id: string; name: string; url: string };
  message: { id: string };
}

/** The alert events the operational webhook `op` received, verified with its secret. */
async function received(op: { id: string; url: string }) {
  const secret = await revealWebhookSecret(db, op.id, actor);
  return hitsOn(new URL(op.url).pathname).map((hit: Hit) => {
    return new StandardWebhook(secret).verify(hit.body, {
      "webhook-id": hit.headers["webhook-id"] as string,
      "webhook-timestamp": hit.headers["webhook-timestamp"] as string,
      "webhook-signature": hit.headers["webhook-signature"] as string,
    }) as { type: string; data: AlertEventData };
  });
}

const alertsOf = (webhookId: string) =>
  db.select().from(alerts).where(eq(alerts.webhookId, webhookId));

describe("operational alerts", () => {
  // First, while no webhook of this file subscribes to hookyard.*.
  it("without an operational webhook, alerts stay in the console and store no event", async () => {
    const gone = await webhook();
    script[new URL(gone.url).pathname] = [410];
    const p = await publish("application.created", { alone: true });
    await waitFor(statusIs(p.messages.find((x) => x.webhookId === gone.id)!.id, "failed"));
    await scan();
    expect((await alertsOf(gone.id)).map((a) => a.type).sort()).toEqual([
      "hookyard.message_failed",
      "hookyard.webhook_disabled",
    ]);
    const stored = await db.select().from(events).where(like(events.type, "hookyard.%"));
    expect(stored).toHaveLength(0);
    const pending = await db
      .select()
      .from(alerts)
      .where(sql`${alerts.eventPending} is not null`);
    expect(pending).toHaveLength(0);
  });

  it("a 410 disables a webhook: an alert in the console, and a signed event to the operational webhook", async () => {
    const op = await webhook({ eventTypes: ["hookyard.*"] });
    const gone = await webhook();
    script[new URL(gone.url).pathname] = [410];
    const published = await publish("application.created", { n: 1 });
    const m = published.messages.find((x) => x.webhookId === gone.id)!;
    await waitFor(statusIs(m.id, "failed"));

    // Raised with the disable, in its transaction.
    const [disabled] = (await alertsOf(gone.id)).filter(
      (a) => a.type === "hookyard.webhook_disabled",
    );
    expect(disabled).toMatchObject({
      data: { webhook: { id: gone.id, name: gone.name }, reason: "The endpoint answered 410 Gone" },
    });

    await scan();
    const got = await waitFor(
      async () => {
        const list = await received(op);
        return list.length >= 2 && list;
      },
      30_000,
      "both alerts at the operational webhook",
    );
    const byType = Object.fromEntries(got.map((e) => [e.type, e.data]));
    expect(byType["hookyard.webhook_disabled"]).toMatchObject({
      webhook: { id: gone.id, name: gone.name, url: gone.url },
      reason: "The endpoint answered 410 Gone",
    });
    expect(byType["hookyard.message_failed"]).toMatchObject({
      webhook: { id: gone.id },
      message: { id: m.id, eventType: "application.created", attempts: 1, lastResponseStatus: 410 },
    });

    // Found again, nothing is sent again.
    await scan();
    await scan();
    const sent = await db
      .select({ id: events.id })
      .from(events)
      .where(
        and(like(events.type, "hookyard.%"), sql`${events.payload}->'webhook'->>'id' = ${gone.id}`),
      );
    expect(sent).toHaveLength(2);
    expect(await alertsOf(gone.id)).toHaveLength(2);
  });

  it("a failed Test ping (with that option on) and 5 days of failures disable with an alert saying why", async () => {
    const strict = await webhook({ disableOnFailedTest: true });
    script[new URL(strict.url).pathname] = [500];
    const ping = await createDirectMessage(db, strict.id, "test");
    await enqueueMessages(h.send, [ping]);
    await waitFor(statusIs(ping.id, "failed"));

    const old = await webhook({ retryPolicy: "custom", retrySchedule: "1" });
    await h.pool.query(
      "update webhooks set failing_since = now() - interval '5 days 1 minute' where id = $1",
      [old.id],
    );
    script[new URL(old.url).pathname] = [500];
    await publish("application.created", { old: true });
    await waitFor(async () => {
      const [row] = await db.select().from(webhooks).where(eq(webhooks.id, old.id));
      return row && !row.enabled;
    });
    for (const [w, reason] of [
      [strict, "The Test ping failed: HTTP 500"],
      [old, "Deliveries kept failing for 5 days"],
    ] as const) {
      const [alert] = (await alertsOf(w.id)).filter((a) => a.type === "hookyard.webhook_disabled");
      expect(alert?.data).toMatchObject({ webhook: { id: w.id }, reason });
    }
  });

  it("messages that fail for good: one event each, one console alert per webhook and hour counting them", async () => {
    const op = await webhook({ eventTypes: ["hookyard.message_failed"] });
    const dead = await webhook({ retryPolicy: "custom", retrySchedule: "1" });
    script[new URL(dead.url).pathname] = Array(6).fill(500);
    const ids = [];
    for (let n = 0; n < 3; n++) {
      const p = await publish("application.created", { n });
      ids.push(p.messages.find((x) => x.webhookId === dead.id)!.id);
    }
    for (const id of ids) await waitFor(statusIs(id, "failed"));
    await scan();
    const failed = await waitFor(async () => {
      const list = (await received(op)).filter((e) => e.data.webhook.id === dead.id);
      return list.length >= 3 && list;
    });
    expect(failed.map((e) => e.data.message.id).sort()).toEqual([...ids].sort());
    expect(failed.every((e) => e.type === "hookyard.message_failed")).toBe(true);

    const gathered = (await alertsOf(dead.id)).filter((a) => a.type === "hookyard.message_failed");
    const total = gathered.reduce((n, a) => n + a.count, 0);
    expect(total).toBe(3);
    // Unless the failures straddled an hour's end, that is one alert.
    expect(gathered.length).toBeLessThanOrEqual(2);
    const page = await listAlerts(db, { userId: actor.id });
    const shown = page.alerts.find((a) => a.id === gathered[0]!.id)!;
    expect(shown.title).toMatch(
      gathered.length === 1 ? `3 messages to ${dead.name} failed for good` : /failed for good/,
    );
  });

  it("an operational webhook's own failed alerts are shown in the console but raise no event (no alert loop)", async () => {
    const op = await webhook({
      eventTypes: ["hookyard.*"],
      retryPolicy: "custom",
      retrySchedule: "1",
    });
    script[new URL(op.url).pathname] = Array(4).fill(500);
    const broken = await webhook();
    script[new URL(broken.url).pathname] = [410];
    const p = await publish("application.created", { loop: true });
    await waitFor(statusIs(p.messages.find((x) => x.webhookId === broken.id)!.id, "failed"));
    await scan();
    // The two alerts about `broken` reach `op`, and fail there for good.
    const opMessages = () => db.select().from(messages).where(eq(messages.webhookId, op.id));
    await waitFor(async () => {
      const list = await opMessages();
      return list.length >= 2 && list.every((x) => x.status === "failed") && list;
    });
    await scan();
    await scan();
    const failedAtOp = (await alertsOf(op.id)).filter((a) => a.type === "hookyard.message_failed");
    expect(failedAtOp.reduce((n, a) => n + a.count, 0)).toBe(2);
    // …and no event about them: nothing more for `op` to fail on.
    expect(await opMessages()).toHaveLength(2);
    const aboutOp = await db
      .select({ id: events.id })
      .from(events)
      .where(
        sql`${events.type} = 'hookyard.message_failed' and ${events.payload}->'webhook'->>'id' = ${op.id}`,
      );
    expect(aboutOp).toHaveLength(0);
  });

  it("a webhook failing for an hour raises one alert per failure streak", async () => {
    const w = await webhook({ eventTypes: ["account.deleted"] });
    const streak = new Date(Date.now() - 61 * 60_000);
    await h.pool.query(
      "update webhooks set failing_since = $2, last_failure_at = now() where id = $1",
      [w.id, streak],
    );
    await scan();
    await scan();
    let failing = (await alertsOf(w.id)).filter((a) => a.type === "hookyard.webhook_failing");
    expect(failing).toHaveLength(1);
    expect(failing[0]!.data).toMatchObject({ failingSince: streak.toISOString() });

    // A success ended that streak; a new one an hour old is a new alert.
    const next = new Date(Date.now() - 65 * 60_000 + 1000);
    await h.pool.query("update webhooks set failing_since = $2 where id = $1", [w.id, next]);
    await scan();
    failing = (await alertsOf(w.id)).filter((a) => a.type === "hookyard.webhook_failing");
    expect(failing).toHaveLength(2);

    // Younger than an hour: nothing.
    const young = await webhook({ eventTypes: ["account.deleted"] });
    await h.pool.query(
      "update webhooks set failing_since = now() - interval '59 minutes' where id = $1",
      [young.id],
    );
    await scan();
    expect(await alertsOf(young.id)).toHaveLength(0);
  });

  it("after the whole stack was stopped, a job is given its time to run again before it counts as stopped", async () => {
    // Down for 3 hours: neither the jobs nor the alerts job ran.
    const down = new Date(Date.now() - 3 * 3600_000);
    for (const name of ["sweeper", "retention", "alerts"]) {
      await db
        .insert(heartbeats)
        .values({ name, at: down })
        .onConflictDoUpdate({ target: heartbeats.name, set: { at: down } });
    }
    await scan();
    const stalled = (await db.select().from(alerts).where(eq(alerts.type, "hookyard.job_failed")))
      .map((a) => a.data as { error: string })
      .filter((d) => d.error === `has not run since ${down.toISOString()}`);
    expect(stalled).toEqual([]);
  });

  it("a job that stops or fails raises hookyard.job_failed, once per stop, gathered per hour", async () => {
    // The stack has been up for hours (the alerts job ran without a gap), retention has not.
    const longAgo = new Date(Date.now() - 4 * 3600_000);
    await db
      .insert(heartbeats)
      .values([
        { name: "alerts", at: new Date() },
        { name: "alerts_up_since", at: longAgo },
      ])
      .onConflictDoUpdate({ target: heartbeats.name, set: { at: sql`excluded.at` } });
    await db
      .insert(heartbeats)
      .values({ name: "retention", at: new Date(Date.now() - 3 * 3600_000) })
      .onConflictDoUpdate({
        target: heartbeats.name,
        set: { at: new Date(Date.now() - 3 * 3600_000) },
      });
    await scan();
    await scan();
    const jobAlerts = async () =>
      (await db.select().from(alerts).where(eq(alerts.type, "hookyard.job_failed"))).filter(
        (a) => (a.data as { job: string }).job === "retention",
      );
    expect(await jobAlerts()).toHaveLength(1);
    expect((await jobAlerts())[0]!.data).toMatchObject({
      error: expect.stringMatching(/^has not run since /),
    });

    // A run that throws: alerted with its error, and still thrown for the job's retries.
    const boom = () => Promise.reject(new Error("disk full"));
    await expect(alertingFailure(db, "sweeper", boom)).rejects.toThrow("disk full");
    await expect(alertingFailure(db, "sweeper", boom)).rejects.toThrow("disk full");
    const sweeper = (
      await db.select().from(alerts).where(eq(alerts.type, "hookyard.job_failed"))
    ).filter(
      (a) =>
        (a.data as { job: string }).job === "sweeper" &&
        (a.data as { error: string }).error === "disk full",
    );
    // Both in one hour (unless the hour turned between them).
    expect(sweeper.reduce((n, a) => n + a.count, 0)).toBe(2);
  });

  it("unread counts are per person; an alert that gathers more is unread again; retention removes old ones", async () => {
    const other = await actorFor(db, "viewer");
    const dead = await webhook({ retryPolicy: "custom", retrySchedule: "1" });
    script[new URL(dead.url).pathname] = Array(4).fill(500);
    const first = await publish("application.created", { unread: 1 });
    await waitFor(statusIs(first.messages.find((x) => x.webhookId === dead.id)!.id, "failed"));
    await scan();

    const unreadOf = async (userId: string) =>
      (await listAlerts(db, { userId, unreadOnly: true })).alerts.map((a) => a.webhookId);
    expect(await countUnreadAlerts(db, actor.id!)).toBeGreaterThan(0);
    expect(await unreadOf(actor.id!)).toContain(dead.id);
    await markAlertsRead(db, actor.id!, "all");
    expect(await unreadOf(actor.id!)).not.toContain(dead.id);
    expect(await unreadOf(other.id!)).toContain(dead.id);
    // Someone who joins later is not told the news of before; it is still listed for them.
    const late = await actorFor(db, "editor");
    expect(await unreadOf(late.id!)).not.toContain(dead.id);
    expect((await listAlerts(db, { userId: late.id! })).alerts.map((a) => a.webhookId)).toContain(
      dead.id,
    );

    // One more failure gathers into the same alert: unread again for the one who read it.
    const second = await publish("application.created", { unread: 2 });
    await waitFor(statusIs(second.messages.find((x) => x.webhookId === dead.id)!.id, "failed"));
    await scan();
    const unread = await listAlerts(db, { userId: actor.id!, unreadOnly: true });
    expect(unread.alerts.map((a) => a.webhookId)).toContain(dead.id);
    const mine = unread.alerts.find((a) => a.webhookId === dead.id)!;
    await markAlertsRead(db, actor.id!, [mine.id]);
    expect(
      (await listAlerts(db, { userId: actor.id!, unreadOnly: true })).alerts.map((a) => a.id),
    ).not.toContain(mine.id);

    // A failure that ended before a read, but was gathered after it, is news all the same.
    // (Stored and read in one transaction: the alerts job cannot see the one without the other.)
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into messages (id, webhook_id, kind, event_type, payload, status, attempts,
                              created_at, deadline_at, finished_at)
        values (${`msg_${randomBytes(16).toString("base64url")}`}, ${dead.id}, 'event',
                'application.created', '{}', 'failed', 2, now(), now() + interval '10 days',
                greatest(now() - interval '1 minute', date_trunc('hour', now())))`);
      await markAlertsRead(tx, actor.id!, "all");
    });
    await scan();
    expect(await unreadOf(actor.id!)).toContain(dead.id);

    // Past the retention age (30 days by default), an alert goes with the messages.
    await h.pool.query("update alerts set updated_at = now() - interval '31 days' where id = $1", [
      mine.id,
    ]);
    await pruneOldMessages(db);
    expect(await db.select().from(alerts).where(eq(alerts.id, mine.id))).toHaveLength(0);
  });
});
