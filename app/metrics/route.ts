import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/db";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { env } from "@/lib/env";
import { METRICS_CONTENT_TYPE, renderMetrics } from "@/lib/metrics/metrics";

export const dynamic = "force-dynamic";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * `GET /metrics`, Prometheus's text format (lib/metrics/metrics.ts). Closed to anyone without
 * `Authorization: Bearer` and either the token set in HOOKYARD_METRICS_TOKEN (for a scraper)
 * or an admin API key: 401 without one, 403 for a key of another role.
 */
export async function GET(request: Request) {
  const header = request.headers.get("authorization");
  const token = env().HOOKYARD_METRICS_TOKEN;
  const sent = /^Bearer\s+(\S{1,512})$/.exec(header ?? "")?.[1];
  const db = getDb();
  let allowed = !!(token && sent && timingSafeEqual(digest(sent), digest(token)));
  if (!allowed && sent) {
    const key = await authenticateApiKey(db, header);
    if (key && key.role !== "admin") {
      return Response.json(
        { error: "Metrics need an admin API key or the metrics token" },
        { status: 403 },
      );
    }
    allowed = !!key;
  }
  if (!allowed) {
    return Response.json(
      { error: "Send Authorization: Bearer with the metrics token or an admin API key" },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } },
    );
  }
  return new Response(await renderMetrics(db), {
    headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" },
  });
}
