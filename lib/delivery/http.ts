import { isIP } from "node:net";
import { Agent, buildConnector, errors as undiciErrors, request, type Dispatcher } from "undici";
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

/**
 * One keep-alive agent per timeout and allow-list combination, reused across deliveries, that
 * tells each request's ON_SENT option when it goes out (onRequestSent).
 */
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
  const composed = agent.compose(onRequestSent);
  agents.set(key, composed);
  return composed;
}

/** A request option: called when undici puts the request on a connected socket. */
const ON_SENT = Symbol("onSent");

/**
 * Calls a request's ON_SENT when undici puts it on a connected socket (a fresh one or one kept
 * alive), which is where the response timeout starts; every callback passes through.
 */
const onRequestSent: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  const onSent = (options as { [ON_SENT]?: () => void })[ON_SENT];
  return dispatch(options, onSent ? new SentHandler(handler, onSent) : handler);
};

/** A handler passing everything on to `inner`, and telling `onSent` when the request starts. */
class SentHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly onSent: () => void,
  ) {}
  onRequestStart(controller: Dispatcher.DispatchController, context: unknown) {
    this.onSent();
    this.inner.onRequestStart?.(controller, context);
  }
  onRequestUpgrade(
    ...args: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>
  ) {
    this.inner.onRequestUpgrade?.(...args);
  }
  onResponseStart(...args: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseStart"]>>) {
    this.inner.onResponseStart?.(...args);
  }
  onResponseData(...args: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseData"]>>) {
    this.inner.onResponseData?.(...args);
  }
  onResponseEnd(...args: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseEnd"]>>) {
    this.inner.onResponseEnd?.(...args);
  }
  onResponseError(...args: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseError"]>>) {
    this.inner.onResponseError?.(...args);
  }
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

async function readCapped(
  body: AsyncIterable<Buffer>,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    if (size < RESPONSE_BODY_LIMIT) {
      chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - size));
    }
    size += chunk.length;
    if (size > RESPONSE_BODY_LIMIT) {
      truncated = true;
      break;
    }
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated };
}

export async function sendWebhookRequest(
  outgoing: OutgoingRequest,
  options: SendOptions,
): Promise<SendResult> {
  const { connectTimeoutMs, responseTimeoutMs } = options;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const abort = new AbortController();
  const timeOut = (ms: number, message: string) =>
    setTimeout(() => abort.abort(new Error(message)), ms);
  // Until the request is on a socket: the connect timeout bounds connecting itself (agentFor);
  // this only ends a wait for a free connection to an origin whose connections are all busy.
  let timer = timeOut(
    connectTimeoutMs + responseTimeoutMs,
    `no connection free for the request within ${connectTimeoutMs + responseTimeoutMs} ms`,
  );
  let sent = false;
  const onSent = () => {
    if (sent) return;
    sent = true;
    options.onSent?.();
    clearTimeout(timer);
    timer = timeOut(
      responseTimeoutMs,
      `no complete response within ${responseTimeoutMs} ms (response timeout)`,
    );
  };
  // Undici only acts on an abort once the request reaches a socket; answer as soon as it fires.
  const aborted = new Promise<never>((_, reject) =>
    abort.signal.addEventListener("abort", () => reject(abort.signal.reason as Error), {
      once: true,
    }),
  );
  aborted.catch(() => {});
  try {
    const pending = request(outgoing.url, {
      method: outgoing.method,
      headers: outgoing.headers,
      body: outgoing.body ?? undefined,
      dispatcher: agentFor(options),
      // Read by onRequestSent; undici passes its options on to the interceptor.
      ...({ [ON_SENT]: onSent } as object),
      // Undici's headers and body timeouts are idle timeouts (300 s by default): the timer
      // above is the bound, whatever the pace of the bytes.
      signal: abort.signal,
    });
    pending.catch(() => {});
    const response = await Promise.race([pending, aborted]);
    const { text, truncated } = await readCapped(response.body);
    if (truncated) response.body.destroy();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return {
      ok: true,
      status: response.statusCode,
      headers,
      body: text,
      truncated,
      durationMs: elapsed(),
    };
  } catch (error) {
    const kind = abort.signal.aborted ? "timeout" : errorKind(error);
    const cause = (error as { cause?: unknown }).cause;
    const kindOfCause = cause ? errorKind(cause) : kind;
    const finalKind = kind === "network" && kindOfCause !== "network" ? kindOfCause : kind;
    return {
      ok: false,
      errorKind: finalKind,
      error: error instanceof Error ? error.message : String(error),
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
  }
}
