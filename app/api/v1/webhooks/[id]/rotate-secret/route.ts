import { handle, methodNotAllowed } from "@/lib/api/endpoint";
import { rotateSecretEndpoint } from "@/lib/api/endpoints/webhooks";

export const dynamic = "force-dynamic";

export const POST = handle(rotateSecretEndpoint);
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
