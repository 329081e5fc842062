import { ApiError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

/** Any other path below /api/v1: a JSON 404 in the API's error shape, not an HTML page. */
const notFound = (request: Request) =>
  new ApiError(
    "not_found",
    `No API operation at ${request.method} ${new URL(request.url).pathname}; see /api/v1/openapi.json`,
  ).toResponse();

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
