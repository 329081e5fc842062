import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

describe("group commit", () => {
  it("writes at once when idle, and together what arrives during a write", async () => {
    const calls: number[][] = [];
    const write = groupCommit(async (items: number[]) => {
      calls.push(items);
      await new Promise((r) => setTimeout(r, 20));
    }, 100);
    const first = write([1]);
    const rest = [write([2, 3]), write([4]), write([5])];
    await Promise.all([first, ...rest]);
    expect(calls).toEqual([[1], [2, 3, 4, 5]]);
  });

  it("stops adding to a write at about `max` items", async () => {
    const calls: number[][] = [];
    const write = groupCommit(async (items: number[]) => {
      calls.push(items);
      await new Promise((r) => setTimeout(r, 5));
    }, 3);
    await Promise.all([write([0]), write([1, 2]), write([3, 4]), write([5]), write([6])]);
    expect(calls).toEqual([[0], [1, 2, 3, 4], [5, 6]]);
  });

  it("fails only the hand-in whose item cannot be written", async () => {
    const written: number[] = [];
    const write = groupCommit(async (items: number[]) => {
      await new Promise((r) => setTimeout(r, 5));
      if (items.includes(13)) throw new Error("13 cannot be written");
      written.push(...items);
    }, 100);
    const results = await Promise.allSettled([write([1]), write([2]), write([13]), write([4])]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(written.sort()).toEqual([1, 2, 4]);
  });
});
