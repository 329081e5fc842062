import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateWebhookSecret } from "./secrets";

describe("webhook secrets", () => {
  it("are Standard Webhooks secrets of 32 random bytes", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it("round-trip through AES-256-GCM without the plain text in the stored form", () => {
    const secret = generateWebhookSecret();
    const sealed = encryptSecret(secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed)).toBe(secret);
    expect(encryptSecret(secret)).not.toBe(sealed); // a fresh IV each time
  });

  it("refuse to decrypt with another key or after tampering", () => {
    const sealed = encryptSecret("whsec_abc");
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow();
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0]! ^= 1;
    parts[3] = flipped.toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow();
  });
});
