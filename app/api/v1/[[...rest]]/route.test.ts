import { describe, expect, it } from "vitest";

/**
 * With the database down, the events API must not answer 2xx for an event it could not
 * store: 503, so that the back office retries. (The success and field-error paths run
 * against the real console in e2e/events-api.spec.ts.)
 */
describe("POST /api/v1/events with the database down", () => {
  it("answers 503 and says nothing was stored", async () => {
    // Nothing listens on port 9: connections are refused at once.
    process.env.DATABASE_URL = "postgres://hookyard:hookyard@127.0.0.1:9/hookyard";
    (globalThis as { hookyardDb?: unknown }).hookyardDb = undefined;
    const { POST } = await import("./route");
    const response = await POST(
      new Request("http://localhost/api/v1/events", {
        method: "POST",
        headers: {
          authorization: `Bearer hk_${"a".repeat(43)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ type: "application.created", payload: { id: 1 } }),
      }),
    );
    expect(response.status).toBe(503);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("unavailable");
    expect(error.message).toMatch(/nothing was changed/);
  });
});
