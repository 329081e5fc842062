import { randomBytes } from "node:crypto";

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): an event published with a
 * `traceparent` header keeps its trace; one published without starts a trace of its own. A
 * webhook that opts in (`forwardTraceparent`) receives, with each attempt, a `traceparent` in
 * that trace whose parent id is the attempt's own, so the receiver's spans join the trace.
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
