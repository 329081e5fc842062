import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 document; public, like any API reference. */
export function GET(request: Request) {
  return Response.json(openApiDocument(ENDPOINTS, new URL(request.url).origin));
}
