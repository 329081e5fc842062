import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { restoreEventTypeEndpoint } from "@/lib/api/endpoints/event-types";

export const dynamic = "force-dynamic";

export const POST = handle(restoreEventTypeEndpoint);
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
