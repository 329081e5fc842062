import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import {
  listFailedMessagesEndpoint,
  deleteFailedMessagesEndpoint,
} from "@/lib/api/endpoints/messages";

export const dynamic = "force-dynamic";

export const GET = handle(listFailedMessagesEndpoint);
export const DELETE = handle(deleteFailedMessagesEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
