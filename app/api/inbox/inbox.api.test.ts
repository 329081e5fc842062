import { request } from "node:http";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inboxRequests } from "@/db/schema";
import { INBOX_BODY_LIMIT, INBOX_MAX_NAMES } from "@/lib/inbox/inbox";
import { apiDb, baseUrl } from "@/test/api/client";
import { API_SERVER } from "@/test/api/global-setup";

const inboxUrl = (name: string) => `${baseUrl()}/api/inbox/${name}`;

/** Streams `megabytes` of body to the inbox at the pace the server reads it; its answer. */
function postLarge(name: string, megabytes: number) {
  return new Promise<{ status: number; sent: number }>((resolve, reject) => {
    const url = new URL(inboxUrl(name));
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, "x");
    const req = request(
      url,
      { method: "POST", headers: { "content-length": String(megabytes * chunk.length) } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
      },
    );
    req.on("error", (error) =>
      sent < megabytes * chunk.length ? resolve({ status: 0, sent }) : reject(error),
    );
    const write = () => {
      while (sent < megabytes * chunk.length) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

describe("the Inbox endpoint (no sign-in)", () => {
  it("keeps 256 KiB of a 300 MB body and stops reading there", async () => {
    const name = `big-${Date.now()}`;
    const answer = await postLarge(name, 300);
    expect(answer.status).toBe(200);
    const [row] = await apiDb().select().from(inboxRequests).where(eq(inboxRequests.inbox, name));
    expect(row).toMatchObject({ size: 300 * 1024 * 1024, truncated: true });
    expect(Buffer.byteLength(row!.body)).toBe(INBOX_BODY_LIMIT);
    await apiDb().delete(inboxRequests).where(eq(inboxRequests.inbox, name));
  });

  it(`opens at most ${INBOX_MAX_NAMES} inboxes; a full one still takes requests`, async () => {
    const names = Array.from({ length: INBOX_MAX_NAMES }, (_, i) => `full-${Date.now()}-${i}`);
    const db = apiDb();
    await db.delete(inboxRequests);
    await db.execute(sql`
      insert into inbox_requests (inbox, method, url, headers, body, size, signature, answered_status)
      select name, 'POST', '/', '{}', '', 0, '{"scheme":"none"}', 200
      from unnest(${sql.param(names)}::text[]) as name`);
    try {
      const refused = await fetch(inboxUrl(`one-more-${Date.now()}`), {
        method: "POST",
        body: "{}",
      });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: string }).error).toContain(
        `at most ${INBOX_MAX_NAMES} inboxes`,
      );
      const kept = await fetch(inboxUrl(names[0]!), { method: "POST", body: "{}" });
      expect(kept.status).toBe(200);
    } finally {
      await db.delete(inboxRequests).where(inArray(inboxRequests.inbox, names));
    }
  });

  it("answers 429 with Retry-After past its rate limit, and records nothing more", async () => {
    const name = `rate-${Date.now()}`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // Six minutes' allowance, one after the other: the limit is reached unless the loop takes
    // over 5 minutes (the bucket holds 5 and refills one every 12 s).
    for (let i = 0; i < API_SERVER.inboxRateLimitPerMinute * 6; i++) {
      const answer = await fetch(inboxUrl(name), { method: "POST", body: `{"n":${i}}` });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter ??= answer.headers.get("retry-after");
      await answer.arrayBuffer();
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const [{ n }] = (
      await apiDb().execute<{ n: number }>(
        sql`select count(*)::int as n from inbox_requests where inbox = ${name}`,
      )
    ).rows as [{ n: number }];
    expect(n).toBe(statuses.filter((s) => s === 200).length);
    await apiDb().delete(inboxRequests).where(eq(inboxRequests.inbox, name));
  });
});
