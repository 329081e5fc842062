import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./same-origin-path";

describe("sameOriginPath", () => {
  it("keeps a path of the console, with its query", () => {
    expect(sameOriginPath("/webhooks/WH-1/logs?status=failed")).toBe(
      "/webhooks/WH-1/logs?status=failed",
    );
    expect(sameOriginPath("/")).toBe("/");
  });

  it("refuses every way a browser would read as another site", () => {
    for (const next of [
      "//evil.example/",
      "/\\evil.example/",
      "/\\/evil.example/",
      "/\t/evil.example/",
      "/\n/evil.example/",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      " /evil",
      "",
    ]) {
      expect(sameOriginPath(next), JSON.stringify(next)).toBe("/");
    }
    expect(sameOriginPath(undefined)).toBe("/");
    expect(sameOriginPath(null)).toBe("/");
  });

  it("resolves dot segments on this origin instead of following them out", () => {
    expect(sameOriginPath("/webhooks/../settings")).toBe("/settings");
    expect(sameOriginPath("/..//evil.example")).toBe("/");
    expect(sameOriginPath("/a/..//evil.example/")).toBe("/");
  });
});
