/**
 * The console's own Inbox is a loopback address, which deliveries may not reach. So that a
 * new user can try webhooks with no configuration, a URL naming the console itself on
 * loopback (`http://localhost:<port>/api/inbox/…`) is opened for that one request.
 */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isOwnInbox(url: string, consolePort: number | undefined): boolean {
  if (!consolePort) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  return (
    parsed.protocol === "http:" &&
    LOOPBACK_HOSTS.has(parsed.hostname) &&
    port === consolePort &&
    /^\/api\/inbox\/[A-Za-z0-9_-]{1,64}$/.test(parsed.pathname)
  );
}

/** The allow list for one delivery: the configured one, plus loopback for the own Inbox. */
export function allowListFor(url: string, allow: string | undefined, consolePort?: number) {
  if (!isOwnInbox(url, consolePort)) return allow;
  return [allow, "127.0.0.1", "::1"].filter(Boolean).join(",");
}
