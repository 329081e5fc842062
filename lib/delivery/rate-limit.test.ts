import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createTestWebhook, freshDb } from "@/test/db";
import { takeTurns } from "./rate-limit";

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
});
