import { getDb } from "@/db";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health/health";

/**
 * `GET /api/health`, for load balancers and uptime checks: no sign-in, no secrets. 200 when
 * the database, the executor and the sweeper are up, 503 when any is not.
 */
export async function GET() {
  const health = await checkHealth(getDb(), {
    inngestBaseUrl: env().INNGEST_BASE_URL,
    uptimeMs: process.uptime() * 1000,
  });
  return Response.json(health, {
    status: health.ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}

export const dynamic = "force-dynamic";
