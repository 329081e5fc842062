import ipaddr from "ipaddr.js";

/**
 * The client's address, as far as the server can know it. Next.js does not hand the socket's
 * address to the app when a request carries X-Forwarded-For, and anyone can send that header:
 * it is believed only as far as the operator says proxies of theirs write it
 * (HOOKYARD_TRUSTED_PROXIES). Each such proxy appends the address it was called from, so with
 * `trustedProxies` of them the client is that many entries from the right; entries further
 * left are whatever the client sent. Null when unknown.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string | null {
  if (trustedProxies < 1) return null;
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (!entries.length) return null;
  // Fewer entries than proxies: all of them were written by the proxies, the first is the client.
  const entry = entries[Math.max(0, entries.length - trustedProxies)]!;
  return normalizeAddress(entry);
}

/** An address as written in a forwarding header (a port may follow), or null when it is none. */
function normalizeAddress(entry: string): string | null {
  const bare = entry.match(/^\[([^\]]+)\](?::\d+)?$/)?.[1] ?? entry.replace(/^([\d.]+):\d+$/, "$1");
  if (!ipaddr.isValid(bare)) return null;
  // An IPv4 client reached over IPv6 (::ffff:1.2.3.4) is the IPv4 address.
  return ipaddr.process(bare).toString();
}

/**
 * What sign-in failures are counted under for an address: the address itself for IPv4, the
 * /64 for IPv6 (one subscriber usually holds a whole /64, and could otherwise change address
 * with every guess).
 */
export function throttleClient(address: string | null): string {
  if (!address) return UNKNOWN_CLIENT;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/** The one key of every client whose address is unknown. */
export const UNKNOWN_CLIENT = "unknown";
