import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enqueueMessages } from "@/lib/messages/operations";
import { publishEvent } from "@/lib/messages/publish";
import { parseTraceparent } from "@/lib/delivery/trace";
import { startTracing, type Tracing } from "@/lib/tracing/start";
import { deliveryHarness } from "@/test/delivery-harness";
import { freePort } from "@/test/global-setup";
import { attr, otlpCollector, SPAN_KIND, STATUS_ERROR, type OtlpSpan } from "@/test/otlp-collector";
import { waitFor } from "@/test/wait-for";

/**
 * Span export end to end: events published and delivered through the real functions, the
 * executor and Postgres, the spans exported over OTLP/HTTP (JSON) to a collector on 127.0.0.1
 * that keeps what it is sent.
 */

const h = deliveryHarness({ role: "editor", hookName: "Traced" });

let collector: Awaited<ReturnType<typeof otlpCollector>>;
let tracing: Tracing;
const exported = () => collector.spans();

beforeAll(async () => {
  collector = await otlpCollector();
  tracing = startTracing({ serviceName: "hookyard-test", url: collector.url });
});

afterAll(async () => {
  await tracing?.shutdown();
});

/** Flushes the batch and looks again until `pick` finds what it wants, or the deadline. */
function spansWhere<T>(pick: (spans: OtlpSpan[]) => T | undefined | false, what: string) {
  return waitFor(
    async () => {
      await tracing.flush();
      return pick(exported());
    },
    20_000,
    what,
  );
}

describe("span export", () => {
  it("publish → attempts: the publish under the publisher's span, each attempt under the publish, its id the forwarded parent id", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const publisherSpan = "00f067aa0ba902b7";
    const type = "asset_request.failed";
    const w = await h.webhook({
      eventTypes: [type],
      forwardTraceparent: true,
      url: `${h.receiverUrl}/traced-hook?tenant=acme&api_key=query-credential-value`,
    });
    h.script["/traced-hook"] = [500, 200];
    const published = await publishEvent(h.db, {
      type,
      product: null,
      payload: { asset_request: { id: 9, note: "body-marker" } },
      source: "api",
      traceparent: `00-${traceId}-${publisherSpan}-01`,
    });
    await enqueueMessages(h.send, published.messages);
    const [message] = published.messages;
    expect(message?.webhookId).toBe(w.id);
    await waitFor(h.statusIs(message!.id, "success"), 30_000, "the delivery");

    const publish = await spansWhere(
      (spans) => spans.find((s) => s.name === "hookyard.publish" && s.traceId === traceId),
      "the publish span",
    );
    expect(publish.parentSpanId).toBe(publisherSpan);
    expect(publish.kind).toBe(SPAN_KIND.PRODUCER);
    expect(attr(publish, "hookyard.event.type")).toBe(type);
    expect(attr(publish, "hookyard.event.id")).toBe(published.eventId);
    expect(attr(publish, "hookyard.event.source")).toBe("api");
    expect(attr(publish, "hookyard.message.count")).toBe(1);
    // The message is stored with the publish span's context: its parent id is the span's.
    const stored = parseTraceparent((await h.messageOf(message!.id)).traceparent);
    expect(stored).toEqual({ traceId, parentId: publish.spanId, flags: "01" });

    const attempts = await spansWhere((spans) => {
      const found = spans.filter((s) => s.name === "hookyard.attempt" && s.traceId === traceId);
      return found.length === 2 && found;
    }, "two attempt spans");
    const hits = h.hitsOn("/traced-hook");
    expect(hits).toHaveLength(2);
    for (const [i, hit] of hits.entries()) {
      const forwarded = parseTraceparent(hit.headers.traceparent as string)!;
      expect(forwarded.traceId).toBe(traceId);
      // The receiver's spans hang under the attempt's span.
      const span = attempts.find((s) => s.spanId === forwarded.parentId);
      expect(span, `the attempt span of request ${i + 1}`).toBeDefined();
      expect(span!.parentSpanId).toBe(publish.spanId);
      expect(span!.kind).toBe(SPAN_KIND.CLIENT);
      expect(attr(span!, "hookyard.attempt.number")).toBe(i + 1);
      expect(attr(span!, "hookyard.webhook.id")).toBe(w.id);
      expect(attr(span!, "hookyard.message.id")).toBe(message!.id);
      expect(attr(span!, "http.request.method")).toBe("POST");
      expect(attr(span!, "server.address")).toBe("127.0.0.1");
    }
    const [failed, succeeded] = [1, 2].map((n) =>
      attempts.find((s) => attr(s, "hookyard.attempt.number") === n)!,
    );
    expect(attr(failed!, "http.response.status_code")).toBe(500);
    expect(failed!.status?.code).toBe(STATUS_ERROR);
    expect(attr(failed!, "error.type")).toBe("500");
    expect(attr(succeeded!, "http.response.status_code")).toBe(200);
    expect(succeeded!.status?.code ?? 0).not.toBe(STATUS_ERROR);
    // The host only: no path, no query (it carries a credential), no header, no body.
    const sent = JSON.stringify(exported());
    for (const secret of ["query-credential-value", "traced-hook", "body-marker"]) {
      expect(sent).not.toContain(secret);
    }
  });

  it("an attempt that reaches nothing is an ERROR span with its error kind", async () => {
    const type = "asset_request.created";
    await h.webhook({
      eventTypes: [type],
      url: `http://127.0.0.1:${await freePort()}/nobody-home`,
      retrySchedule: "3600",
    });
    const published = await publishEvent(h.db, { type, payload: { n: 1 }, source: "api" });
    await enqueueMessages(h.send, published.messages);
    const [message] = published.messages;
    await waitFor(h.statusIs(message!.id, "retrying"), 30_000, "the failed attempt");
    const span = await spansWhere(
      (spans) =>
        spans.find(
          (s) => s.name === "hookyard.attempt" && attr(s, "hookyard.message.id") === message!.id,
        ),
      "the failed attempt's span",
    );
    expect(span.status?.code).toBe(STATUS_ERROR);
    expect(attr(span, "hookyard.error_kind")).toBe("connection_refused");
    expect(attr(span, "error.type")).toBe("connection_refused");
    expect(attr(span, "http.response.status_code")).toBeUndefined();
    // A publish without a traceparent starts a trace of its own, the attempt in it.
    const publish = exported().find((s) => s.spanId === span.parentSpanId);
    expect(publish).toMatchObject({ name: "hookyard.publish", traceId: span.traceId });
    expect(publish!.parentSpanId || undefined).toBeUndefined();
  });

  it("a collector that is down costs publishing and delivery nothing, and the logs one line", async () => {
    await tracing.shutdown();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = "1000";
    try {
      tracing = startTracing({
        serviceName: "hookyard-test",
        url: `http://127.0.0.1:${await freePort()}/v1/traces`,
      });
      const type = "asset_request.approved";
      await h.webhook({ eventTypes: [type] });
      for (let round = 0; round < 3; round++) {
        const published = await publishEvent(h.db, { type, payload: { round }, source: "api" });
        await enqueueMessages(h.send, published.messages);
        await waitFor(h.statusIs(published.messages[0]!.id, "success"), 30_000, "the delivery");
        await tracing.flush();
      }
      const told = warn.mock.calls.filter((call) => String(call[0]).startsWith("Tracing:"));
      expect(told).toHaveLength(1);
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
      warn.mockRestore();
    }
  });
});
