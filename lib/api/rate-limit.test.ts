import { describe, expect, it } from "vitest";
import { takeToken } from "./rate-limit";

describe("an API key's token bucket", () => {
  it("allows a burst of the limit, then refuses with the seconds until the next token", () => {
    const t0 = 1_700_000_000_000;
    const key = `burst-${Math.random()}`;
    for (let i = 0; i < 60; i++) expect(takeToken(key, 60, t0)).toBe(0);
    // 60 a minute: one token a second.
    expect(takeToken(key, 60, t0)).toBe(1);
    expect(takeToken(key, 60, t0 + 400)).toBe(1);
    expect(takeToken(key, 60, t0 + 1000)).toBe(0);
    expect(takeToken(key, 60, t0 + 1000)).toBe(1);
  });

  it("refills at the limit's pace, never past a full bucket", () => {
    const t0 = 1_700_000_000_000;
    const key = `refill-${Math.random()}`;
    for (let i = 0; i < 5; i++) takeToken(key, 5, t0);
    expect(takeToken(key, 5, t0)).toBe(12);
    // An hour idle fills the bucket to 5, not 300.
    const later = t0 + 3_600_000;
    for (let i = 0; i < 5; i++) expect(takeToken(key, 5, later)).toBe(0);
    expect(takeToken(key, 5, later)).toBeGreaterThan(0);
  });
});
