import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { appDeliveryDeps, hookyardFunctions } from "@/inngest/functions";

/**
 * Where Inngest Cloud or a self-hosted Inngest server syncs and calls Hookyard's functions
 * (beside the local executor, the delivery worker serves them instead: scripts/worker.ts;
 * this route stays, refusing what is not signed). Always cloud mode: the SDK answers 401 to
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
