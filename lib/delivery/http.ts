import { isIP } from "node:net";
import { Agent, buildConnector, errors as undiciErrors, type Dispatcher } from "undici";
import type { ErrorKind } from "@/db/schema";
import { BlockedAddressError, resolveDeliveryAddress, parseAllowList } from "./address-guard";

/**
 * Sends one webhook request: no redirects followed, connect and response timeouts, the
 * response body kept up to 64 KiB, and every connection checked by the address guard.
 *
 * The connect timeout bounds resolving the name and opening the connection (TCP and TLS).
 * The response timeout runs from the moment the request goes out on a connected socket to the
 * end of the response body, so a receiver trickling bytes cannot stretch it.
 */

export const RESPONSE_BODY_LIMIT = 64 * 1024;

export interface OutgoingRequest {
  url: string;
  method: "POST" | "PUT" | "GET";
  headers: Record<string, string>;
  body: string | null;
  /** Lower-cased names of headers flagged secret, masked when the attempt is recorded. */
  secretHeaders?: string[];
}

export type SendResult =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      body: string;
      truncated: boolean;
      durationMs: number;
    }
  | { ok: false; errorKind: ErrorKind; error: string; durationMs: number };

export interface SendOptions {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** Addresses opened on top of the public internet (HOOKYARD_DELIVERY_ALLOW). */
  allow?: string;
  /** Called when the request goes out on a connected socket (after any wait for one). */
  onSent?: () => void;
}

const agents = new Map<string, Dispatcher>();

/** One keep-alive agent per timeout and allow-list combination, reused across deliveries. */
function agentFor({ connectTimeoutMs, allow = "" }: SendOptions): Dispatcher {
  const key = `${connectTimeoutMs}|${allow}`;
  const known = agents.get(key);
  if (known) return known;
  const allowList = parseAllowList(allow);
  const connect = buildConnector({ timeout: connectTimeoutMs });
  const agent = new Agent({
    connections: 64,
    keepAliveTimeout: 10_000,
    connect: (options, callback) => {
      const host = options.hostname;
      // The connector's own timeout starts after the lookup; this one covers both.
      let settled = false;
      const settle: buildConnector.Callback = (...args) => {
        if (settled) {
          args[1]?.destroy();
          return;
        }
        settled = true;
        clearTimeout(timer);
        callback(...args);
      };
      const timer = setTimeout(
        () =>
          settle(
            new undiciErrors.ConnectTimeoutError(
              `could not connect to ${host} within ${connectTimeoutMs} ms (connect timeout)`,
            ),
            null,
          ),
        connectTimeoutMs,
      );
      resolveDeliveryAddress(host, allowList).then(
        ({ address }) => {
          if (settled) return;
          connect(
            {
              ...options,
              hostname: address,
              // TLS still checks the certificate against the name in the URL.
              servername:
                options.servername ?? (isIP(host.replace(/^\[|\]$/g, "")) ? undefined : host),
            },
            settle,
          );
        },
        (error: unknown) => settle(error as Error, null),
      );
    },
  });
  agents.set(key, agent);
  return agent;
}

function errorKind(error: unknown): ErrorKind {
  if (error instanceof BlockedAddressError) return "blocked_address";
  if (
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  )
    return "timeout";
  const code = (error as { code?: string }).code ?? "";
  if (code === "ECONNREFUSED") return "connection_refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") return "dns";
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) return "tls";
  if (code === "ETIMEDOUT" || code === "UND_ERR_ABORTED") return "timeout";
  return "network";
}

/** Header values as one string each (a repeated header joined with commas). */
function flatHeaders(headers: Record<string, string | string[] | undefined>) {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/**
 * Undici's dispatch API, not `request()`: one promise per request, the body kept as it comes
 * (no stream, no abort signal). A burst spends a good part of the worker's CPU here
 * (bench:burst).
 */
export function sendWebhookRequest(
  outgoing: OutgoingRequest,
  options: SendOptions,
): Promise<SendResult> {
  const { connectTimeoutMs, responseTimeoutMs } = options;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<SendResult>((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const answered = (truncated: boolean) =>
      finish({
        ok: true,
        status,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
        truncated,
        durationMs: elapsed(),
      });
    const failed = (error: unknown, kind = errorKind(error)) => {
      const cause = (error as { cause?: unknown }).cause;
      const kindOfCause = cause ? errorKind(cause) : kind;
      finish({
        ok: false,
        errorKind: kind === "network" && kindOfCause !== "network" ? kindOfCause : kind,
        error: error instanceof Error ? error.message : String(error),
        durationMs: elapsed(),
      });
    };
    // Answers at once; undici only acts on the abort once the request has a socket.
    const timeOut = (ms: number, message: string) =>
      setTimeout(() => {
        const error = new Error(message);
        failed(error, "timeout");
        controller?.abort(error);
      }, ms);
    // Until the request is on a socket: the connect timeout bounds connecting itself (agentFor);
    // this only ends a wait for a free connection to an origin whose connections are all busy.
    let timer = timeOut(
      connectTimeoutMs + responseTimeoutMs,
      `no connection free for the request within ${connectTimeoutMs + responseTimeoutMs} ms`,
    );
    const handler: Dispatcher.DispatchHandler = {
      // On a connected socket (a fresh one or one kept alive): the response timeout starts.
      onRequestStart(requestController) {
        if (settled) return requestController.abort(new Error("timed out before it was sent"));
        // Called again when undici retries the request on another socket: the time runs on.
        const first = !controller;
        controller = requestController;
        if (!first) return;
        options.onSent?.();
        clearTimeout(timer);
        timer = timeOut(
          responseTimeoutMs,
          `no complete response within ${responseTimeoutMs} ms (response timeout)`,
        );
      },
      onResponseStart(_, statusCode, responseHeaders) {
        status = statusCode;
        headers = flatHeaders(responseHeaders);
      },
      onResponseData(requestController, chunk) {
        if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - size));
        size += chunk.length;
        if (size > RESPONSE_BODY_LIMIT) {
          answered(true);
          requestController.abort(new Error("response body over the limit"));
        }
      },
      onResponseEnd: () => answered(false),
      onResponseError: (_, error) => failed(error),
    };
    try {
      const url = new URL(outgoing.url);
      agentFor(options).dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: outgoing.method,
          headers: outgoing.headers,
          body: outgoing.body ?? undefined,
          // Undici's own headers and body timeouts are idle timeouts (300 s by default): the
          // timers above are the bound, whatever the pace of the bytes.
        },
        handler,
      );
    } catch (error) {
      failed(error);
    }
  });
}
