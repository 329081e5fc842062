import fc from "fast-check";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiDb, call, unique } from "@/test/api/client";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { withBodyDefaults, type Endpoint } from "../endpoint";
import { ENDPOINTS } from ".";

/**
 * Thousands of malformed bodies, query strings and path values, sent to every endpoint with
 * an admin key: none may answer 5xx, and none may change the database.
 */

let keys: string[] = [];
let turn = 0;
const nextKey = () => keys[turn++ % keys.length]!;

beforeAll(async () => {
  const actor = { id: null, email: "api-suite@test.local" };
  keys = await Promise.all(
    Array.from(
      { length: 6 },
      async () => (await createApiKey(apiDb(), { name: unique("fuzz"), role: "admin" }, actor)).key,
    ),
  );
});

/** What a changed database would show: row counts, and a digest of the editable tables. */
async function fingerprint() {
  const { rows } = await apiDb().execute(sql`
    select
      (select count(*) from webhooks) as webhooks,
      (select md5(coalesce(string_agg(w::text, '' order by w.id), '')) from webhooks w) as webhook_rows,
      (select md5(coalesce(string_agg(t::text, '' order by t.name), '')) from event_types t) as event_types,
      (select count(*) from messages) as messages,
      (select count(*) from events) as events,
      (select count(*) from audit_log) as audit,
      (select count(*) from api_keys where revoked_at is null) as keys`);
  return rows[0];
}

const text = fc.string({ maxLength: 40, unit: "grapheme" });
const pathValue = fc.oneof(
  text,
  fc.constantFrom("WH-000-000-000", "WH-1", "msg_", "evt_x", "..", "%00", "application.*", "a"),
);
const queryOf = fc.dictionary(
  fc.oneof(text, fc.constantFrom("limit", "cursor", "status", "since", "until", "range", "sort")),
  fc.oneof(text, fc.constantFrom("-1", "0", "1e9", "true", "null", "[]", "all")),
  { maxKeys: 4 },
);
const bodyOf = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .jsonValue({ maxDepth: 3 })
      .map((v): { json?: unknown; raw?: string } => ({ json: v })),
  },
  { weight: 1, arbitrary: text.map((raw): { json?: unknown; raw?: string } => ({ raw })) },
);

const shapeOf = (schema: z.ZodType | undefined) =>
  schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>) : {};

/** True when a body could be accepted: those are not malformed and are not sent. */
function accepted(endpoint: Endpoint, body: { json?: unknown; raw?: string }) {
  if (!endpoint.body || body.raw !== undefined) return false;
  return endpoint.body.safeParse(withBodyDefaults(endpoint, body.json)).success;
}

describe("malformed requests", () => {
  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "%s never answers 5xx and changes nothing",
    async (_, endpoint) => {
      const before = await fingerprint();
      const mutates = endpoint.method !== "GET";
      await fc.assert(
        fc.asyncProperty(pathValue, queryOf, bodyOf, async (value, query, body) => {
          // A mutation's query always carries a field it does not know, so it is malformed.
          const known = shapeOf(endpoint.query);
          if (mutates && endpoint.query && Object.keys(query).every((k) => k in known)) {
            query = { ...query, "not-a-field": "x" };
          }
          fc.pre(!accepted(endpoint, body));
          const path = endpoint.path.replace(/\{\w+\}/, encodeURIComponent(value) || "%20");
          const answer = await call(nextKey(), endpoint.method, path, {
            query,
            ...(endpoint.body
              ? body.raw !== undefined
                ? { raw: body.raw }
                : { body: body.json }
              : {}),
          });
          expect(answer.status, `${endpoint.method} ${path} ${JSON.stringify(query)}`).toBeLessThan(
            500,
          );
          if (answer.status >= 400) {
            const shown = `${answer.status} ${path}: ${JSON.stringify(answer.body).slice(0, 200)}`;
            expect(answer.body?.error?.code, shown).toBeTypeOf("string");
          }
        }),
        { numRuns: 120 },
      );
      expect(await fingerprint()).toEqual(before);
    },
  );
});
