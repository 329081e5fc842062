import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { listMessagesEndpoint } from "@/lib/api/endpoints/messages";

export const dynamic = "force-dynamic";

export const GET = handle(listMessagesEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
