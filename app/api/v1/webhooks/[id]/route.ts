import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import {
  getWebhookEndpoint,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
} from "@/lib/api/endpoints/webhooks";

export const dynamic = "force-dynamic";

export const GET = handle(getWebhookEndpoint);
export const PATCH = handle(updateWebhookEndpoint);
export const DELETE = handle(deleteWebhookEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
