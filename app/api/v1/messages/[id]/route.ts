import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { getMessageEndpoint } from "@/lib/api/endpoints/messages";

export const dynamic = "force-dynamic";

export const GET = handle(getMessageEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
