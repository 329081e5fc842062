import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { listWebhookMessagesEndpoint } from "@/lib/api/endpoints/messages";

export const dynamic = "force-dynamic";

export const GET = handle(listWebhookMessagesEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
