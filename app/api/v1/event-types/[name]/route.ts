import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { getEventTypeEndpoint, updateEventTypeEndpoint } from "@/lib/api/endpoints/event-types";

export const dynamic = "force-dynamic";

export const GET = handle(getEventTypeEndpoint);
export const PATCH = handle(updateEventTypeEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const DELETE = methodNotAllowed;
