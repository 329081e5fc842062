import { describe, expect, it } from "vitest";
import { blockedRange, parseAllowList, resolveDeliveryAddress } from "./address-guard";

describe("blockedRange", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.1.2.3", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.100.100.200", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback inside IPv6"],
    ["::ffff:7f00:1", "loopback inside IPv6"],
    ["::ffff:a9fe:a9fe", "linkLocal inside IPv6"],
    ["64:ff9b::a9fe:a9fe", "linkLocal inside IPv6"],
    ["2002:7f00:1::", "loopback inside IPv6"],
    ["::127.0.0.1", "loopback inside IPv6"],
  ])("refuses %s (%s)", (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8"])(
    "allows the public address %s",
    (address) => {
      expect(blockedRange(address)).toBeNull();
    },
  );

  it("opens only what the allow list names", () => {
    const allow = parseAllowList("127.0.0.1, 10.0.0.0/8 fd00::/8");
    expect(blockedRange("127.0.0.1", allow)).toBeNull();
    expect(blockedRange("127.0.0.2", allow)).toBe("loopback");
    expect(blockedRange("10.200.0.1", allow)).toBeNull();
    expect(blockedRange("fd12::1", allow)).toBeNull();
    expect(blockedRange("169.254.169.254", allow)).toBe("linkLocal");
  });

  it("names a bad allow-list entry", () => {
    expect(() => parseAllowList("10.0.0.0/8, intranet")).toThrow(/"intranet" is not an IP/);
  });
});

describe("resolveDeliveryAddress", () => {
  it("refuses names that resolve to loopback, and unusual spellings of it", async () => {
    await expect(resolveDeliveryAddress("localhost", [])).rejects.toThrow(/may not reach/);
    // The WHATWG URL parser turns these spellings into 127.0.0.1 before they get here.
    for (const spelling of ["0x7f.1", "2130706433", "0177.0.0.1", "127.1"]) {
      const host = new URL(`http://${spelling}/`).hostname;
      await expect(resolveDeliveryAddress(host, [])).rejects.toThrow(/127\.0\.0\.1 \(loopback\)/);
    }
    await expect(resolveDeliveryAddress("[::ffff:127.0.0.1]", [])).rejects.toThrow(/loopback/);
  });

  it("returns the address to connect to when allowed", async () => {
    await expect(resolveDeliveryAddress("127.0.0.1", parseAllowList("127.0.0.1"))).resolves.toEqual(
      { address: "127.0.0.1", family: 4 },
    );
  });
});
