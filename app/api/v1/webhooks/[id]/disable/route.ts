import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { disableWebhookEndpoint } from "@/lib/api/endpoints/webhooks";

export const dynamic = "force-dynamic";

export const POST = handle(disableWebhookEndpoint);
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
