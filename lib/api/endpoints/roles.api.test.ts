import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, ROLES } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { apiDb, call, keysByRole } from "@/test/api/client";
import { roleAllows } from "@/lib/auth/roles";
import { ENDPOINTS } from ".";

let keys: Awaited<ReturnType<typeof keysByRole>>;
beforeAll(async () => {
  keys = await keysByRole();
});

/** A path for the endpoint naming things that do not exist: an allowed call changes nothing. */
const samplePath = (path: string) =>
  path
    .replace(
      "{id}",
      path.startsWith("/webhooks")
        ? "WH-000-000-000"
        : path.startsWith("/events")
          ? "evt_none"
          : "msg_none",
    )
    .replace("{name}", "nothing.here");

/** Query values that keep an allowed bulk call away from anything stored. */
const SAMPLE_QUERY: Record<string, Record<string, string>> = {
  deleteFailedMessages: { webhookId: "WH-000-000-000" },
};
const SAMPLE_BODY: Record<string, unknown> = {
  recoverFailedMessages: { since: "2000-01-01T00:00:00Z", webhookId: "WH-000-000-000" },
};

describe("the role × action matrix", () => {
  it.each(ENDPOINTS.map((e) => [e.operationId, e] as const))(
    "%s: refused without a key, with a revoked key and below its role; allowed from its role up",
    async (_, endpoint) => {
      const path = samplePath(endpoint.path);
      const options = {
        query: SAMPLE_QUERY[endpoint.operationId],
        body: endpoint.body ? (SAMPLE_BODY[endpoint.operationId] ?? {}) : undefined,
      };
      const audited = async () => (await apiDb().select({ n: count() }).from(auditLog))[0]!.n;

      const anonymous = await call(null, endpoint.method, path, options);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe("unauthorized");
      const forged = await call(`hk_${"x".repeat(43)}`, endpoint.method, path, options);
      expect(forged.status).toBe(401);

      for (const role of ROLES) {
        const answer = await call(keys[role], endpoint.method, path, options);
        if (roleAllows(role, endpoint.role)) {
          expect([401, 403], `${role} may ${endpoint.operationId}`).not.toContain(answer.status);
          expect(answer.status).toBeLessThan(500);
        } else {
          const before = await audited();
          expect(answer.status, `${role} may not ${endpoint.operationId}`).toBe(403);
          expect(answer.body.error.code).toBe("forbidden");
          expect(answer.body.error.message).toContain(endpoint.role);
          expect(await audited()).toBe(before);
        }
      }
    },
  );

  it("a revoked key is refused from the next request on", async () => {
    const { viewer } = await keysByRole();
    expect((await call(viewer, "GET", "/event-types")).status).toBe(200);
    const db = apiDb();
    const [row] = await db.query.apiKeys.findMany({
      where: (k, { eq }) => eq(k.prefix, viewer.slice(0, 10)),
    });
    await revokeApiKey(db, row!.id, { id: null, email: "api-suite@test.local" });
    const refused = await call(viewer, "GET", "/event-types");
    expect(refused.status).toBe(401);
  });

  it("answers 429 with Retry-After once a key passes its own rate limit, and other keys go on", async () => {
    // A key with a limit of 5 a minute: one request in 12 s comes back, so however slow the
    // machine, a loop passes the limit long before its bucket could refill.
    const { key } = await createApiKey(
      apiDb(),
      { name: "Rate-limited", role: "viewer", rateLimitPerMinute: 5 },
      { id: null, email: "api-suite@test.local" },
    );
    const answers = [];
    for (let i = 0; i < 100; i++) {
      const answer = await call(key, "GET", "/event-types", { noRetry: true });
      answers.push(answer);
      if (answer.status === 429) break;
    }
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const limited = answers.at(-1)!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.body.error.code).toBe("rate_limited");
    expect((await call(keys.viewer, "GET", "/event-types", { noRetry: true })).status).toBe(200);
  });
});
