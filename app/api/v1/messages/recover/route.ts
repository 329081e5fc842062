import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { recoverMessagesEndpoint } from "@/lib/api/endpoints/messages";

export const dynamic = "force-dynamic";

export const POST = handle(recoverMessagesEndpoint);
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
