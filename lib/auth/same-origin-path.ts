/** An origin no request has: paths are resolved against it, and must stay on it. */
const HERE = "http://hookyard.invalid";

/**
 * Where to go after signing in: a path of this console, as it arrived in `?next=`, or "/".
 * Resolved the way a browser would resolve it (the WHATWG URL parser drops tabs and newlines
 * and reads `\` as `/`), so `/\evil.example/` or `/<TAB>/evil.example/` — which a browser
 * follows to another site — are refused, not only `//evil.example`. Returns the normalized
 * path, query and fragment: what was checked is what is followed.
 */
export function sameOriginPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return "/";
  }
  // A path that normalizes to `//host` (`/..//evil.example`) is another site once followed.
  if (url.origin !== HERE || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
