import { sendEvents } from "@/inngest/client";
import { restRoutes } from "@/lib/api/router";

export const dynamic = "force-dynamic";

/** Every REST operation of the endpoint table (lib/api/endpoints), and JSON 404s besides. */
export const { GET, POST, PUT, PATCH, DELETE } = restRoutes({ sendEvents });
