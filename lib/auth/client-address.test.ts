import { describe, expect, it } from "vitest";
import { clientAddress, throttleClient } from "./client-address";

const forwarded = (value?: string) =>
  new Headers(value === undefined ? {} : { "x-forwarded-for": value });

describe("clientAddress", () => {
  it("believes no header without a trusted proxy", () => {
    expect(clientAddress(forwarded("203.0.113.7"), 0)).toBeNull();
  });

  it("takes the entry the nearest trusted proxy wrote, not what the client sent before it", () => {
    // The client claims 10.0.0.1; the one proxy saw it at 203.0.113.7.
    expect(clientAddress(forwarded("10.0.0.1, 203.0.113.7"), 1)).toBe("203.0.113.7");
    // Two proxies: the outer saw the client, the inner saw the outer.
    expect(clientAddress(forwarded("10.0.0.1, 203.0.113.7, 192.0.2.10"), 2)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("203.0.113.7"), 2)).toBe("203.0.113.7");
  });

  it("reads ports, brackets and IPv4 over IPv6 as the plain address; nonsense as unknown", () => {
    expect(clientAddress(forwarded("203.0.113.7:5123"), 1)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("[2001:db8::1]:443"), 1)).toBe("2001:db8::1");
    expect(clientAddress(forwarded("::ffff:203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(forwarded("not-an-address"), 1)).toBeNull();
    expect(clientAddress(forwarded(""), 1)).toBeNull();
    expect(clientAddress(forwarded(), 1)).toBeNull();
  });
});

describe("throttleClient", () => {
  it("is the IPv4 address, the IPv6 /64, or one key for every unknown client", () => {
    expect(throttleClient("203.0.113.7")).toBe("203.0.113.7");
    expect(throttleClient("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(throttleClient("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(throttleClient(null)).toBe("unknown");
  });
});
