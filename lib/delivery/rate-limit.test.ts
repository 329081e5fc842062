import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createTestWebhook, freshDb } from "@/test/db";
import { eq, inArray } from "drizzle-orm";
import { messages, webhooks } from "@/db/schema";
import { createDirectMessage } from "@/lib/messages/publish";
import { takeRateLimitTurns, takeTurns } from "./rate-limit";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});

describe("takeTurns", () => {
  it("hands out at most `limit` turns a second, in order, from now on", async () => {
    const id = await createTestWebhook(db, "Turns");
    expect(await takeTurns(db, id, 3, 2, 1000)).toEqual([1000, 1000]);
    expect(await takeTurns(db, id, 3, 5, 1000)).toEqual([1000, 1001, 1001, 1001, 1002]);
    // Later in the same second: behind the turns already given.
    expect(await takeTurns(db, id, 3, 1, 1000)).toEqual([1002]);
    expect(await takeTurns(db, id, 3, 2, 1001)).toEqual([1002, 1003]);
    // Once the queue is behind us, turns start at the current second again.
    expect(await takeTurns(db, id, 3, 4, 2000)).toEqual([2000, 2000, 2000, 2001]);
  });

  it("many takers at once share the seconds without giving a turn twice", async () => {
    const id = await createTestWebhook(db, "Turns at once");
    const taken = (
      await Promise.all(Array.from({ length: 12 }, () => takeTurns(db, id, 4, 2, 5000)))
    ).flat();
    const perSecond = new Map<number, number>();
    for (const second of taken) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    expect(Object.fromEntries(perSecond)).toEqual({
      5000: 4,
      5001: 4,
      5002: 4,
      5003: 4,
      5004: 4,
      5005: 4,
    });
  });

  it("a batch takes its turns oldest message first, whatever order it came in", async () => {
    const id = await createTestWebhook(db, "Turns in order", { rateLimitPerSecond: 2 });
    const base = Date.parse("2026-12-01T10:00:00Z");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createDirectMessage(db, id, "manual", new Date(base + i * 1000))).id);
    }
    const [webhook] = await db.select().from(webhooks).where(eq(webhooks.id, id));
    const rows = await db.select().from(messages).where(inArray(messages.id, ids));
    const shuffled = [rows[3]!, rows[0]!, rows[4]!, rows[1]!, rows[2]!].map((message) => ({
      message,
      webhook: webhook!,
    }));
    const now = Date.parse("2026-12-03T12:00:00.250Z");
    const turns = await takeRateLimitTurns(db, shuffled, now);
    expect(turns.now.map((t) => t.message.id)).toEqual(ids.slice(0, 2));
    expect(turns.later.map((t) => [t.item.message.id, t.until.toISOString()])).toEqual([
      [ids[2], "2026-12-03T12:00:01.000Z"],
      [ids[3], "2026-12-03T12:00:01.000Z"],
      [ids[4], "2026-12-03T12:00:02.000Z"],
    ]);
    expect(turns.later[0]!.reason).toBe("Waiting for the rate limit (2 per second)");
  });
});
