import { serve } from "inngest/next";
import { getDb } from "@/db";
import { inngest } from "@/inngest/client";
import { hookyardFunctions } from "@/inngest/functions";
import { env } from "@/lib/env";

/**
 * Where the Inngest server (the local executor, Inngest Cloud or a self-hosted one) syncs
 * and calls Hookyard's functions. In cloud mode the SDK checks every request's signature
 * with INNGEST_SIGNING_KEY; in dev mode (INNGEST_DEV=1, the local executor) it does not,
 * which is why `npm start` binds the executor to 127.0.0.1.
 */
export const { GET, POST, PUT } = serve({
  client: inngest,
  functions: hookyardFunctions(inngest, {
    db: getDb,
    get allow() {
      return env().HOOKYARD_DELIVERY_ALLOW;
    },
    get consolePort() {
      return env().HOOKYARD_CONSOLE_PORT;
    },
  }),
});

export const dynamic = "force-dynamic";
export const maxDuration = 300;
