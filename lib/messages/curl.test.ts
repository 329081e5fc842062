import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { curlOf } from "./curl";

describe("copy as curl", () => {
  it("quotes every part so a shell reads back exactly what was sent", () => {
    const request = {
      method: "POST",
      url: "https://example.com/hook?a=1&b=2",
      headers: { "content-type": "application/json", "x-note": "it's $HOME `here`" },
      body: '{"name":"O\'Brien","cmd":"$(rm -rf /)"}',
    };
    const command = curlOf(request);
    expect(command.startsWith("curl -X POST 'https://example.com/hook?a=1&b=2'")).toBe(true);
    // The shell splits it back into the very words: printf prints one per line.
    const words = execFileSync("sh", ["-c", `printf '%s\\n' ${command.slice("curl ".length)}`], {
      encoding: "utf8",
    }).split("\n");
    expect(words.slice(0, -1)).toEqual([
      "-X",
      "POST",
      request.url,
      "-H",
      "content-type: application/json",
      "-H",
      "x-note: it's $HOME `here`",
      "--data-raw",
      request.body,
    ]);
  });

  it("sends no body for a GET", () => {
    expect(curlOf({ method: "GET", url: "https://e.x/?q=1", headers: {}, body: "" })).toBe(
      "curl -X GET 'https://e.x/?q=1'",
    );
  });
});
