import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { publishEventEndpoint } from "@/lib/api/endpoints/events";

export const dynamic = "force-dynamic";

export const POST = handle(publishEventEndpoint);
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
