/** Below this, an answer goes out as it is (the compression Next.js applies starts here). */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer of the REST API. Next.js drops a route's Content-Length and gzips every body
 * of unknown length, however small: a gzip stream set up for a 60-byte 202 cost the events
 * API about 1.4 ms of CPU per call under a burst (bench:burst). An answer under 1 KiB says
 * `no-transform`, so it goes out as is; larger ones (lists) are still compressed.
 */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (Buffer.byteLength(text) < COMPRESS_FROM_BYTES) {
    const cacheControl = headers.get("cache-control");
    headers.set("cache-control", cacheControl ? `${cacheControl}, no-transform` : "no-transform");
  }
  return new Response(text, { ...init, headers });
}
