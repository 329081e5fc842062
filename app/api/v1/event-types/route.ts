import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { listEventTypesEndpoint, createEventTypeEndpoint } from "@/lib/api/endpoints/event-types";

export const dynamic = "force-dynamic";

export const GET = handle(listEventTypesEndpoint);
export const POST = handle(createEventTypeEndpoint);
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
