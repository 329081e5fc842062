import { describe, expect, it } from "vitest";
import {
  attemptTraceparent,
  parseTraceparent,
  publishTraceparent,
  startAttemptSpan,
  startPublishSpan,
} from "./trace";

const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("W3C trace context", () => {
  it("keeps the publisher's trace, with a parent id of its own", () => {
    const stored = parseTraceparent(publishTraceparent(incoming))!;
    expect(stored.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(stored.parentId).toMatch(/^[0-9a-f]{16}$/);
    expect(stored.parentId).not.toBe("00f067aa0ba902b7");
    expect(stored.flags).toBe("01");
  });

  it("starts a sampled trace when the publisher sent none, or one that is not valid", () => {
    for (const sent of [
      null,
      "",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01",
    ]) {
      const made = publishTraceparent(sent);
      expect(made).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(made).not.toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    }
  });

  it("gives each attempt its own parent id in the event's trace", () => {
    const stored = publishTraceparent(incoming);
    const first = parseTraceparent(attemptTraceparent(stored))!;
    const second = parseTraceparent(attemptTraceparent(stored))!;
    expect(first.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(second.traceId).toBe(first.traceId);
    expect(second.parentId).not.toBe(first.parentId);
    expect(attemptTraceparent("not a traceparent")).toBeNull();
  });

  it("with no span exported, publishing keeps random ids and an attempt has no span", () => {
    // No tracer was started in this file (lib/tracing/spans.test.ts exports spans).
    const publish = startPublishSpan(incoming, {});
    const stored = parseTraceparent(publish.traceparent)!;
    expect(stored.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(stored.parentId).not.toBe("00f067aa0ba902b7");
    publish.end({});
    const fields = { webhookId: "w", messageId: "m", attempt: 1, method: "POST", url: "x" };
    expect(startAttemptSpan(publish.traceparent, fields)).toBeUndefined();
  });
});
