/**
 * The delivery worker `npm start` runs beside the console: Hookyard's Inngest functions
 * (first attempts, retry drains, the sweeper, retention) served at
 * `http://127.0.0.1:<HOOKYARD_WORKER_PORT>/api/inngest` for the local executor, in a process
 * of its own. Delivering a burst then uses a core of its own, and the console's pages and
 * event API never wait behind attempts on one event loop (README, "What npm start does").
 *
 * Cloud mode, as the console's route is: every call must carry the executor's signature
 * (INNGEST_SIGNING_KEY), the registered origin is the loopback address below, never a Host
 * header, and a body is refused past MAX_CALL_BYTES before it is read whole. The console's
 * own `/api/inngest` stays, for Inngest Cloud or a self-hosted Inngest server.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { serve } from "inngest/node";
import { inngest } from "@/inngest/client";
import { appDeliveryDeps, hookyardFunctions } from "@/inngest/functions";
import { attemptsRecorded } from "@/lib/delivery/attempt";
import { env } from "@/lib/env";
import { tracingConfigured } from "@/lib/tracing/tracer";

/** The longest a request may take (a 30 s connect and a 120 s response timeout), and more. */
const STOP_DEADLINE_MS = 155_000;
/** A call carries one run's event(s) and step results: far below this. */
const MAX_CALL_BYTES = 16 * 1024 * 1024;
const WORKER_PATH = "/api/inngest";
/** The longest a stop waits for the last spans to be exported. */
const TRACING_STOP_MS = 5_000;

// The environment as a plain object: the Inngest SDK copies process.env several times per call
// (helpers/env.ts, getProcessEnv), and each read of the real one goes through libuv — about 8×
// slower, 2–3 % of the worker's CPU under a burst. Nothing here sets variables for a child.
process.env = { ...process.env };

// Checked before anything starts: a worker without its settings says which, and exits.
const settings = env();
if (!settings.HOOKYARD_WORKER_PORT) throw new Error("HOOKYARD_WORKER_PORT is not set");
const port = settings.HOOKYARD_WORKER_PORT;

// The attempt spans (lib/delivery/trace.ts), exported when an OTLP endpoint is set.
const tracing = tracingConfigured()
  ? (await import("@/lib/tracing/start")).startTracing({ serviceName: "hookyard-worker" })
  : null;

const handler = serve({
  client: inngest,
  serveOrigin: `http://127.0.0.1:${port}`,
  servePath: WORKER_PATH,
  functions: hookyardFunctions(inngest, appDeliveryDeps),
});

function refuse(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: message }));
}

function route(req: IncomingMessage, res: ServerResponse) {
  if (new URL(req.url ?? "/", "http://worker").pathname !== WORKER_PATH) {
    return refuse(res, 404, "not found");
  }
  // Only a declared length is read: a chunked body could grow without end.
  if (req.headers["transfer-encoding"]) return refuse(res, 411, "content-length required");
  if (Number(req.headers["content-length"] ?? 0) > MAX_CALL_BYTES) {
    return refuse(res, 413, `body over ${MAX_CALL_BYTES} bytes`);
  }
  void handler(req, res);
}

const server = createServer(route);
server.listen(port, "127.0.0.1");
await once(server, "listening");
console.log(`Delivery worker on http://127.0.0.1:${port}${WORKER_PATH}`);

/**
 * Stopped by the launcher once the executor has drained (no call left in flight): takes no
 * more calls, lets the requests handed over in the background end (at most their connect and
 * response timeouts) and records them, exports the spans still buffered (a few seconds at
 * most: a collector that is down holds no stop), then exits. A second signal exits at once.
 */
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close();
    server.closeIdleConnections();
    void attemptsRecorded(STOP_DEADLINE_MS).then(async (left) => {
      if (left) console.log(`${left} attempt(s) still unrecorded at the deadline.`);
      await tracing?.shutdown(TRACING_STOP_MS);
      process.exit(left ? 1 : 0);
    });
  });
}
