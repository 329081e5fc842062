import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { listWebhooksEndpoint, createWebhookEndpoint } from "@/lib/api/endpoints/webhooks";

export const dynamic = "force-dynamic";

export const GET = handle(listWebhooksEndpoint);
export const POST = handle(createWebhookEndpoint);
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
