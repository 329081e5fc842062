import { getDb } from "@/db";
import { env } from "@/lib/env";
import { checkHealth, type Health } from "@/lib/health/health";
import { jsonResponse } from "@/lib/api/json-response";

/**
 * `GET /api/health`, for load balancers and uptime checks: no sign-in, no secrets. 200 when
 * the database, the executor and the sweeper are up, 503 when any is not. Anyone may call it,
 * so one check serves every call of the same second: a flood of calls costs one query and one
 * probe a second, not one each.
 */
const REUSE_MS = 1000;
let last: { at: number; health: Promise<Health> } | undefined;

export async function GET() {
  if (!last || Date.now() - last.at >= REUSE_MS) {
    last = {
      at: Date.now(),
      health: checkHealth(getDb(), {
        inngestBaseUrl: env().INNGEST_BASE_URL,
        uptimeMs: process.uptime() * 1000,
      }),
    };
  }
  const health = await last.health;
  return jsonResponse(health, {
    status: health.ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}

export const dynamic = "force-dynamic";
