import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { appDeliveryDeps, hookyardFunctions } from "@/inngest/functions";

/**
 * Where the Inngest server (the local executor, Inngest Cloud or a self-hosted one) syncs
 * and calls Hookyard's functions. Always cloud mode under `npm start`: the SDK answers 401 to
 * any call not signed with INNGEST_SIGNING_KEY, registers the origin INNGEST_SERVE_ORIGIN
 * names (never one taken from a request's Host header), and with
 * INNGEST_ENABLE_UNAUTHED_SYNC=false (set beside the local executor) refuses unsigned syncs.
 */
export const { GET, POST, PUT } = serve({
  client: inngest,
  functions: hookyardFunctions(inngest, appDeliveryDeps),
});

export const dynamic = "force-dynamic";
export const maxDuration = 300;
