/**
 * bench:delivery's app process, as the Next.js process is in production: serves the Inngest
 * functions at /api/inngest and publishes events the way the events API does (store, then
 * hand over to the executor).
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { createDb } from "@/db";
import { hookyardFunctions } from "@/inngest/functions";
import { enqueueMessages } from "@/lib/messages/operations";
import { publishEvent } from "@/lib/messages/publish";
import { tracingConfigured } from "@/lib/tracing/tracer";
import { serveBenchCalls, wallClockMs } from "./support";

// With an OTLP endpoint set, as the worker and the console do: the figures then include
// making and exporting the publish and attempt spans.
if (tracingConfigured()) {
  (await import("@/lib/tracing/start")).startTracing({ serviceName: "hookyard-bench" });
}

const { db, pool } = createDb(process.env.DATABASE_URL!, 20);
// Cloud mode, as `npm start` serves it: the executor signs every call.
const client = new Inngest({
  id: "hookyard",
  baseUrl: process.env.BENCH_EXECUTOR_URL,
  signingKey: process.env.BENCH_SIGNING_KEY,
  eventKey: process.env.BENCH_EVENT_KEY,
});
const handler = serve({
  client,
  functions: hookyardFunctions(client, { db: () => db, allow: "127.0.0.1" }),
});
const server = createServer((req, res) => void handler(req, res));
server.listen(0, "127.0.0.1");
await once(server, "listening");

const send = (events: { name: string; data: Record<string, unknown> }[]) =>
  client.send(events as never);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publishes one event; notes when, for each of its messages. */
async function publishOne(published: [string, number][], type = "application.created") {
  const at = wallClockMs();
  const event = await publishEvent(db, {
    type,
    payload: { application: { id: 42 } },
    source: "api",
  });
  for (const m of event.messages) published.push([m.id, at]);
  await enqueueMessages(send, event.messages);
}

serveBenchCalls({
  async stop() {
    server.closeAllConnections();
    server.close();
    await pool.end();
    setTimeout(() => process.exit(0), 10);
  },
  url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`,
  /** As fast as it goes, `publishers` at once, for `seconds`. */
  async flood({ seconds, publishers }: { seconds: number; publishers: number }) {
    const published: [string, number][] = [];
    const stopAt = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: publishers }, async () => {
        while (Date.now() < stopAt) await publishOne(published);
      }),
    );
    return published;
  },
  /** `events` events of `type`, `publishers` at a time. */
  async publishMany({
    type,
    events,
    publishers,
  }: {
    type: string;
    events: number;
    publishers: number;
  }) {
    const published: [string, number][] = [];
    let left = events;
    await Promise.all(
      Array.from({ length: publishers }, async () => {
        while (left-- > 0) await publishOne(published, type);
      }),
    );
    return published.length;
  },
  /** `events` events, one every `intervalMs`. */
  async paced({ events, intervalMs }: { events: number; intervalMs: number }) {
    const published: [string, number][] = [];
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < events; i++) {
      const wait = start + i * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(publishOne(published));
    }
    await Promise.all(pending);
    return published;
  },
});
