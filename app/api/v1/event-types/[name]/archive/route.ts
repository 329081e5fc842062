import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { archiveEventTypeEndpoint } from "@/lib/api/endpoints/event-types";

export const dynamic = "force-dynamic";

export const POST = handle(archiveEventTypeEndpoint);
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
