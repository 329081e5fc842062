import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { webhookStatisticsEndpoint } from "@/lib/api/endpoints/webhooks";

export const dynamic = "force-dynamic";

export const GET = handle(webhookStatisticsEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
