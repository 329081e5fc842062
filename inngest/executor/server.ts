import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FunctionConfig } from "./protocol";
import { hashedSigningKey, sameSecret, signedBody } from "./protocol";
import type { InngestEvent } from "./store";

/**
 * The executor's HTTP side, as Inngest's server API looks to the SDK: the event API
 * (`POST /e/<event key>`, only with the event key), function registration (`POST
 * /fn/register`, only with the hashed signing key), and sync, the signed `PUT` that asks the
 * app to register. Every body is bounded before it is read whole. Anything else answers 404
 * and is logged: a protocol feature the executor lacks fails loudly, never silently.
 */

export interface ServerHandlers {
  eventKey: string;
  signingKey: string;
  log: (line: string) => void;
  publish: (events: Partial<InngestEvent>[]) => Promise<string[]>;
  register: (body: RegisterBody) => Promise<void>;
  health: () => Record<string, unknown>;
}

export interface RegisterBody {
  url: string;
  appName?: string;
  functions: FunctionConfig[];
}

/** Inngest's own limits: 3 MB a request on the event API; registrations stay far below 4 MB. */
export const MAX_EVENT_REQUEST_BYTES = 3 * 1024 * 1024;
export const MAX_REGISTER_BYTES = 4 * 1024 * 1024;

/** An answer with its status: a refusal, not a failure of the executor. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new HttpError(413, `body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    throw new HttpError(400, "body is not JSON");
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export function startServer(
  h: ServerHandlers,
  listen: { host: string; port: number },
): Promise<Server> {
  const registerToken = `Bearer ${hashedSigningKey(h.signingKey)}`;

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://executor");
    if (req.method === "POST" && url.pathname === "/fn/register") {
      if (!sameSecret(req.headers.authorization ?? "", registerToken)) {
        h.log("[executor] refused a registration without the signing key");
        return send(res, 401, { error: "registration needs the signing key" });
      }
      const body = (await readJson(req, MAX_REGISTER_BYTES)) as RegisterBody | null;
      if (!body || typeof body.url !== "string" || !Array.isArray(body.functions)) {
        throw new HttpError(400, "a registration names its url and functions");
      }
      await h.register(body);
      return send(res, 200, { ok: true, modified: true });
    }
    if (req.method === "POST" && url.pathname.startsWith("/e/")) {
      const key = decodeURIComponent(url.pathname.slice(3));
      if (!sameSecret(key, h.eventKey)) {
        return send(res, 401, { error: "unknown event key", status: 401 });
      }
      const raw = (await readJson(req, MAX_EVENT_REQUEST_BYTES)) ?? [];
      const list = (Array.isArray(raw) ? raw : [raw]) as Partial<InngestEvent>[];
      for (const [index, event] of list.entries()) {
        if (typeof event?.name !== "string" || !event.name) {
          return send(res, 400, { error: `event ${index} has no name`, status: 400 });
        }
      }
      return send(res, 200, { ids: await h.publish(list), status: 200 });
    }
    if (req.method === "GET" && (url.pathname === "/health" || url.pathname === "/")) {
      return send(res, 200, h.health());
    }
    h.log(`[executor] unsupported request ${req.method} ${url.pathname}`);
    return send(res, 404, {
      error: `The local executor does not implement ${req.method} ${url.pathname}`,
    });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500)
        h.log(`[executor] ${req.method} ${req.url} failed: ${(error as Error).stack}`);
      if (!res.headersSent) send(res, status, { error: (error as Error).message, status });
      // An oversized body is not read to its end.
      if (status === 413) req.destroy();
    });
  });
  server.listen(listen.port, listen.host);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => resolve(server));
  });
}

export function serverUrl(server: Server, host: string) {
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/**
 * Asks the app to register its functions, as the Inngest server does: a `PUT` to its serve
 * URL, signed like every call, so an app that accepts only signed syncs accepts it.
 */
export async function requestSync(appUrl: string, signingKey: string) {
  const { signature } = signedBody(undefined, signingKey);
  const response = await fetch(appUrl, {
    method: "PUT",
    headers: { "x-inngest-signature": signature, "x-inngest-server-kind": "cloud" },
  });
  if (!response.ok)
    throw new Error(`sync of ${appUrl} answered ${response.status}: ${await response.text()}`);
}
