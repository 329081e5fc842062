import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeKey, env } from "@/lib/env";

const VERSION = "v1";

function key(): Buffer {
  const decoded = decodeKey(env().HOOKYARD_ENCRYPTION_KEY);
  if (!decoded) throw new Error("HOOKYARD_ENCRYPTION_KEY is not a 32-byte key");
  return decoded;
}

/** AES-256-GCM with a random 96-bit IV; the output is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(plain: string, encryptionKey: Buffer = key()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decryptSecret(sealed: string, encryptionKey: Buffer = key()): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error("Unrecognised encrypted secret format");
  }
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}

/** Decrypted values by their sealed form, so a hot path decrypts each once per process. */
const opened = new Map<string, string>();
const OPENED_KEPT = 10_000;

/** `decryptSecret`, remembered: a changed value is a new sealed form, so nothing goes stale. */
export function decryptCached(sealed: string): string {
  let plain = opened.get(sealed);
  if (plain === undefined) {
    plain = decryptSecret(sealed);
    if (opened.size >= OPENED_KEPT) opened.clear();
    opened.set(sealed, plain);
  }
  return plain;
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. Also the JWT HS256 key. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Shows the prefix and the last four characters only. */
export function maskSecret(secret: string): string {
  return `whsec_${"•".repeat(16)}${secret.slice(-4)}`;
}
