import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { cancelMessageEndpoint } from "@/lib/api/endpoints/messages";

export const dynamic = "force-dynamic";

export const POST = handle(cancelMessageEndpoint);
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
