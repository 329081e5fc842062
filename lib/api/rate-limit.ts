/**
 * A token bucket per key — an API key's id, or `inbox:*` for the Inbox as a whole — in this
 * process: `perMinute` requests a minute on average, bursts of as many. With several console
 * instances each keeps its own buckets, so the limit a key sees is per instance.
 */
const buckets = new Map<string, { tokens: number; at: number }>();

/** Takes one token for `key`; returns 0 when allowed, otherwise the seconds until one is free. */
export function takeToken(key: string, perMinute: number, now = Date.now()): number {
  const rate = perMinute / 60_000;
  const bucket = buckets.get(key) ?? { tokens: perMinute, at: now };
  bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * rate);
  bucket.at = now;
  buckets.set(key, bucket);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
}
