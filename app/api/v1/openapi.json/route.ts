import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";
import { consoleOrigin } from "@/lib/inbox/origin";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 document; public, like any API reference. */
export async function GET() {
  return Response.json(openApiDocument(ENDPOINTS, await consoleOrigin()));
}
