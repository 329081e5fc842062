import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { getEventEndpoint } from "@/lib/api/endpoints/events";

export const dynamic = "force-dynamic";

export const GET = handle(getEventEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
