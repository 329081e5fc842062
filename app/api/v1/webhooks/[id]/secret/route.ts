import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { getSecretEndpoint } from "@/lib/api/endpoints/webhooks";

export const dynamic = "force-dynamic";

export const GET = handle(getSecretEndpoint);
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
