import { describe, expect, it } from "vitest";
import { baseUrl } from "@/test/api/client";

/** What a load balancer sees: no sign-in needed, and nothing secret in the answer. */
describe("GET /api/health", () => {
  it("answers 200 with each part's status, without a sign-in or any secret", async () => {
    const response = await fetch(new URL("/api/health", baseUrl()));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^no-store\b/);
    const text = await response.text();
    const health = JSON.parse(text);
    expect(health).toMatchObject({
      ok: true,
      database: { ok: true },
      executor: { ok: true, detail: "answering" },
      sweeper: { ok: true },
    });
    expect(Object.keys(health).sort()).toEqual(
      ["database", "executor", "ok", "oldestDueMessageSeconds", "sweeper"].sort(),
    );
    expect(text).not.toMatch(/signkey|password|postgres:\/\/|127\.0\.0\.1/);
  });
});
