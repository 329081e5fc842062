import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Which addresses a webhook may be delivered to. Deliveries go to the public internet only:
 * private, loopback, link-local, multicast, carrier-grade NAT, documentation, reserved and
 * cloud-metadata addresses are refused, IPv4 and IPv6 alike, including IPv4 addresses inside
 * IPv6 (mapped, NAT64, 6to4, Teredo). The check runs on the resolved address at connect time
 * and the connection goes to that very address, so DNS rebinding cannot slip past it.
 */

export class BlockedAddressError extends Error {
  readonly code = "HOOKYARD_BLOCKED_ADDRESS";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      `${host} resolves to ${address} (${range}), which webhooks may not reach. ` +
        "Allow it with HOOKYARD_DELIVERY_ALLOW if this is intended.",
    );
  }
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`, comma or space separated. */
export function parseAllowList(text: string | undefined): Cidr[] {
  if (!text?.trim()) return [];
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      try {
        if (entry.includes("/")) return ipaddr.parseCIDR(entry);
        const address = ipaddr.parse(entry);
        return [address, address.kind() === "ipv4" ? 32 : 128] as Cidr;
      } catch {
        throw new Error(
          `HOOKYARD_DELIVERY_ALLOW: "${entry}" is not an IP address or range (e.g. 10.0.0.0/8)`,
        );
      }
    });
}

/** The IPv4 address carried inside an IPv6 one, if any. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === "ipv4Mapped") return address.toIPv4Address();
  if (range === "rfc6052" || range === "rfc6145")
    return new ipaddr.IPv4(bytes.slice(12, 16) as [number, number, number, number]);
  if (range === "6to4")
    return new ipaddr.IPv4(bytes.slice(2, 6) as [number, number, number, number]);
  if (range === "teredo")
    return new ipaddr.IPv4(
      bytes.slice(12, 16).map((b) => b ^ 0xff) as [number, number, number, number],
    );
  // The deprecated IPv4-compatible form ::a.b.c.d.
  if (bytes.slice(0, 12).every((b) => b === 0) && (bytes[12]! | bytes[13]!) !== 0)
    return new ipaddr.IPv4(bytes.slice(12, 16) as [number, number, number, number]);
  return null;
}

/** The reason an address is refused, or null when deliveries may go there. */
export function blockedRange(text: string, allow: Cidr[] = []): string | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(text);
  } catch {
    return "not an IP address";
  }
  const inAllowList = (a: ipaddr.IPv4 | ipaddr.IPv6) =>
    allow.some(([net, bits]) => net.kind() === a.kind() && a.match([net, bits] as never));
  if (inAllowList(address)) return null;
  if (address.kind() === "ipv6") {
    const inner = embeddedIPv4(address as ipaddr.IPv6);
    if (inner) {
      const reason = blockedRange(inner.toString(), allow);
      return reason && `${reason} inside IPv6`;
    }
    const range = (address as ipaddr.IPv6).range();
    return range === "unicast" ? null : range;
  }
  const range = (address as ipaddr.IPv4).range();
  // 0.0.0.0/8 and the broadcast address are covered by range(); AWS, GCP, Azure and
  // Alibaba metadata endpoints are link-local (169.254.0.0/16) or 100.100.100.200 (CGNAT).
  return range === "unicast" ? null : range;
}

/** Resolves a host for a delivery and returns the one address to connect to, or throws. */
export async function resolveDeliveryAddress(
  host: string,
  allow: Cidr[],
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  const addresses = isIP(bare)
    ? [{ address: bare, family: isIP(bare) as 4 | 6 }]
    : ((await lookup(bare, { all: true, verbatim: true })) as { address: string; family: 4 | 6 }[]);
  // Every address the name has must be allowed, whichever one a connection would pick.
  for (const candidate of addresses) {
    const reason = blockedRange(candidate.address, allow);
    if (reason) throw new BlockedAddressError(bare, candidate.address, reason);
  }
  return addresses[0]!;
}
