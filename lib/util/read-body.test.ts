import { describe, expect, it } from "vitest";
import { readBodyCapped } from "./read-body";

/** A request whose body is generated as it is read, and counts what was pulled. */
function endlessRequest(totalBytes: number, chunkBytes = 64 * 1024) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - pulled);
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(120));
    },
  });
  const request = new Request("http://x.invalid/", {
    method: "POST",
    body,
    headers: { "content-length": String(totalBytes) },
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("readBodyCapped", () => {
  it("stops reading a 300 MB body at the cap, keeping what came before it", async () => {
    const { request, pulled } = endlessRequest(300 * 1024 * 1024);
    const body = await readBodyCapped(request, 256 * 1024);
    expect(body.truncated).toBe(true);
    expect(body.size).toBe(300 * 1024 * 1024);
    expect(body.text).toHaveLength(256 * 1024);
    // At most the cap and a chunk or two of read-ahead, never the whole body.
    expect(pulled()).toBeLessThan(1024 * 1024);
  });

  it("reads a body under the cap whole", async () => {
    const body = await readBodyCapped(
      new Request("http://x.invalid/", { method: "POST", body: "héllo" }),
      1024,
    );
    expect(body).toEqual({ text: "héllo", size: 6, truncated: false });
  });

  it("counts a body of exactly the cap as whole, and one byte more as cut", async () => {
    const exact = await readBodyCapped(
      new Request("http://x.invalid/", { method: "POST", body: "x".repeat(10) }),
      10,
    );
    expect(exact).toEqual({ text: "x".repeat(10), size: 10, truncated: false });
    const over = await readBodyCapped(
      new Request("http://x.invalid/", { method: "POST", body: "x".repeat(11) }),
      10,
    );
    expect(over).toMatchObject({ text: "x".repeat(10), truncated: true });
  });

  it("answers an empty body", async () => {
    expect(await readBodyCapped(new Request("http://x.invalid/"), 10)).toEqual({
      text: "",
      size: 0,
      truncated: false,
    });
  });
});
