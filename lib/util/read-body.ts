export interface CappedBody {
  /** The body as UTF-8 text, up to the limit. */
  text: string;
  /** Its size in bytes: the declared Content-Length, or at least what arrived. */
  size: number;
  /** More arrived than the limit; the rest was never read. */
  truncated: boolean;
}

/**
 * Reads a request's body up to `limit` bytes and stops there: a body of any size costs at
 * most `limit` (and one chunk) of memory, unlike `request.text()`, which holds all of it
 * before anyone can look at its size.
 */
export async function readBodyCapped(request: Request, limit: number): Promise<CappedBody> {
  if (!request.body) return { text: "", size: 0, truncated: false };
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let seen = 0;
  try {
    while (seen <= limit) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      const part = value.subarray(0, Math.max(0, limit - kept));
      if (part.byteLength) chunks.push(part);
      kept += part.byteLength;
    }
  } finally {
    // The rest stays unread: the stream is cancelled, and the connection closed after the answer.
    if (seen > limit) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  return {
    text: Buffer.concat(chunks).toString("utf8"),
    size: Number.isFinite(declared) && declared > seen ? declared : seen,
    truncated: seen > limit,
  };
}
