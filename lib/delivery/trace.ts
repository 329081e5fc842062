import { randomBytes } from "node:crypto";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
} from "@opentelemetry/api";
import { activeTracer } from "@/lib/tracing/tracer";

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): an event published with a
 * `traceparent` header keeps its trace; one published without starts a trace of its own. A
 * webhook that opts in (`forwardTraceparent`) receives, with each attempt, a `traceparent` in
 * that trace whose parent id is the attempt's own, so the receiver's spans join the trace.
 *
 * When spans are exported (lib/tracing/start.ts), those ids are real spans': the stored parent
 * id is the `hookyard.publish` span's, and each attempt's is its `hookyard.attempt` span's, a
 * child of the publish. Otherwise they are random ids that stand for them, and nothing of
 * OpenTelemetry runs beyond one check.
 */

const TRACEPARENT_RE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceParent {
  traceId: string;
  parentId: string;
  flags: string;
}

/** A valid `traceparent` header (version 00, no all-zero ids), or null. */
export function parseTraceparent(header: string | null | undefined): TraceParent | null {
  const match = TRACEPARENT_RE.exec(header?.trim().toLowerCase() ?? "");
  if (!match) return null;
  const [, version, traceId, parentId, flags] = match;
  if (version === "ff" || /^0+$/.test(traceId!) || /^0+$/.test(parentId!)) return null;
  return { traceId: traceId!, parentId: parentId!, flags: flags! };
}

const format = ({ traceId, parentId, flags }: TraceParent) => `00-${traceId}-${parentId}-${flags}`;

/**
 * The trace context an event is stored with: the publisher's, with a new parent id standing
 * for the publish itself, or a new sampled trace.
 */
export function publishTraceparent(incoming: string | null | undefined): string {
  const parent = parseTraceparent(incoming);
  return format({
    traceId: parent?.traceId ?? randomBytes(16).toString("hex"),
    parentId: randomBytes(8).toString("hex"),
    flags: parent?.flags ?? "01",
  });
}

/** What one attempt sends: the event's trace, with the attempt's own id as the parent. */
export function attemptTraceparent(stored: string): string | null {
  const parent = parseTraceparent(stored);
  return parent && format({ ...parent, parentId: randomBytes(8).toString("hex") });
}

/** A span's context as a `traceparent` header. */
const formatSpan = ({ traceId, spanId, traceFlags }: SpanContext) =>
  `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, "0")}`;

/** A valid `traceparent` as a remote parent; the root (a new trace) otherwise. */
function parentContext(header: string | null | undefined): Context {
  const parent = parseTraceparent(header);
  if (!parent) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parent.traceId,
    spanId: parent.parentId,
    traceFlags: parseInt(parent.flags, 16),
    isRemote: true,
  });
}

/** Ends a span: ERROR, with what went wrong, when `error` is set. */
function endSpan(span: Span, attributes: Attributes, error?: string) {
  span.setAttributes(attributes);
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  span.end();
}

export interface PublishSpan {
  /** What the event's messages are stored with (publishTraceparent, or the span's own). */
  traceparent: string;
  end(attributes: Attributes, error?: string): void;
}

const noSpan = () => {};

/**
 * Runs `store` inside a publish span (startPublishSpan): `store` gets the trace context to
 * store its messages with; `outcome` says what came of it, for the span's attributes. A
 * failure ends the span as ERROR and goes on.
 */
export async function inPublishSpan<T>(
  incoming: string | null | undefined,
  attributes: Attributes,
  store: (traceparent: string) => Promise<T>,
  outcome: (result: T) => Attributes,
): Promise<T> {
  const span = startPublishSpan(incoming, attributes);
  try {
    const result = await store(span.traceparent);
    span.end(outcome(result));
    return result;
  } catch (error) {
    span.end({}, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/**
 * The publish of an event (`hookyard.publish`): a child of the publisher's trace context when
 * valid, a new trace otherwise. Its context is what the messages are stored with.
 */
export function startPublishSpan(
  incoming: string | null | undefined,
  attributes: Attributes,
): PublishSpan {
  const tracer = activeTracer();
  if (!tracer) return { traceparent: publishTraceparent(incoming), end: noSpan };
  const span = tracer.startSpan(
    "hookyard.publish",
    { kind: SpanKind.PRODUCER, attributes },
    parentContext(incoming),
  );
  return {
    traceparent: formatSpan(span.spanContext()),
    end: (more, error) => endSpan(span, more, error),
  };
}

export interface AttemptSpanFields {
  webhookId: string;
  messageId: string;
  attempt: number;
  method: string;
  /** The webhook's URL as stored (credentials masked): only its host is kept. */
  url: string;
}

export interface AttemptSpan {
  /** What the attempt forwards: the event's trace, with the span's id as the parent id. */
  traceparent: string;
  end(attributes: Attributes, error?: string): void;
}

/**
 * One HTTP attempt (`hookyard.attempt`), a child of the publish span the message was stored
 * with; undefined when no span is exported. Never the URL, headers or body: a URL may carry
 * credentials in its query, so only the host is recorded.
 */
export function startAttemptSpan(
  stored: string | null | undefined,
  fields: AttemptSpanFields,
): AttemptSpan | undefined {
  const tracer = activeTracer();
  if (!tracer) return undefined;
  const span = tracer.startSpan(
    "hookyard.attempt",
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "hookyard.webhook.id": fields.webhookId,
        "hookyard.message.id": fields.messageId,
        "hookyard.attempt.number": fields.attempt,
        "http.request.method": fields.method,
        "server.address": hostOf(fields.url),
      },
    },
    parentContext(stored),
  );
  return {
    traceparent: formatSpan(span.spanContext()),
    end: (more, error) => endSpan(span, more, error),
  };
}

/** The host alone (no user info, port, path or query), brackets off an IPv6 address. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return "";
  }
}
