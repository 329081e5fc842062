import { describe, expect, it } from "vitest";
import { isCredentialName, maskUrl, SECRET_MASK } from "./credentials";
import { sealHeaders, sealUrl, openHeaders, openUrl } from "./sealed";

const M = SECRET_MASK;

describe("credential names", () => {
  it.each([
    "Authorization",
    "Proxy-Authorization",
    "Cookie",
    "X-Api-Key",
    "X-ApiKey",
    "Ocp-Apim-Subscription-Key",
    "X-Auth-Token",
    "X-Client-Secret",
    "X-Password",
    "X-Hub-Signature",
    "api_key",
    "user_key",
    "app_key",
    "access_token",
    "client_secret",
    "secret_param",
    "sig",
    "key",
  ])("%s is a credential", (name) => expect(isCredentialName(name)).toBe(true));

  it.each(["X-Tenant", "X-Env", "Accept-Language", "tenant", "page", "design", "keyword"])(
    "%s is not",
    (name) => expect(isCredentialName(name)).toBe(false),
  );
});

describe("maskUrl", () => {
  it("masks the values of credential parameters and keeps everything else as written", () => {
    expect(maskUrl("https://h.example/p?tenant=a%20b&api_key=k1&x=1&secret_param=s#frag")).toBe(
      `https://h.example/p?tenant=a%20b&api_key=${M}&x=1&secret_param=${M}#frag`,
    );
    expect(maskUrl("https://h.example/p?user_key=1&user_key=2")).toBe(
      `https://h.example/p?user_key=${M}&user_key=${M}`,
    );
    expect(maskUrl("https://h.example/p?tenant=acme")).toBe("https://h.example/p?tenant=acme");
    expect(maskUrl("https://h.example/token=x")).toBe("https://h.example/token=x");
  });
});

describe("sealUrl", () => {
  it("keeps a URL without credentials in clear", () => {
    expect(sealUrl("https://h.example/p?tenant=acme")).toEqual({
      url: "https://h.example/p?tenant=acme",
      urlSealed: null,
    });
  });

  it("seals a URL with credentials and takes masked values back from the stored one, in order", () => {
    const first = sealUrl("https://h.example/p?user_key=one&tenant=a&user_key=two");
    expect(first.url).toBe(`https://h.example/p?user_key=${M}&tenant=a&user_key=${M}`);
    expect(openUrl(first)).toBe("https://h.example/p?user_key=one&tenant=a&user_key=two");
    // The form sends the masked URL back with another tenant: the keys stay.
    const edited = sealUrl(
      `https://h.example/p?user_key=${M}&tenant=b&user_key=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2`,
      first,
    );
    expect(openUrl(edited)).toBe("https://h.example/p?user_key=one&tenant=b&user_key=two");
    // Unchanged, the sealed form is the same (so the audit log sees no change).
    expect(sealUrl(first.url, first).urlSealed).toBe(first.urlSealed);
    expect(() => sealUrl(`https://h.example/p?api_key=${M}`, first)).toThrow(/api_key/);
  });
});

describe("sealHeaders", () => {
  it("seals credentials and flagged headers, and keeps a masked value from the stored header", () => {
    const stored = sealHeaders([
      { name: "X-Api-Key", value: "k1" },
      { name: "X-Tenant", value: "acme", secret: true },
      { name: "X-Env", value: "prod" },
    ]);
    expect(stored[0]).toEqual({ name: "X-Api-Key", sealed: expect.any(String) });
    expect(stored[1]).toEqual({ name: "X-Tenant", sealed: expect.any(String) });
    expect(stored[2]).toEqual({ name: "X-Env", value: "prod" });
    const again = sealHeaders(
      [
        { name: "x-api-key", value: M },
        { name: "X-Tenant", value: "globex", secret: true },
      ],
      stored,
    );
    expect(again[0]!.sealed).toBe(stored[0]!.sealed);
    expect(openHeaders(again).map((h) => h.value)).toEqual(["k1", "globex"]);
    expect(() => sealHeaders([{ name: "X-New-Key", value: M }], stored)).toThrow(/X-New-Key/);
  });
});
