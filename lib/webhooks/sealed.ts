import type { HeaderEntry, StoredHeader } from "@/db/schema/webhooks";
import { decryptCached, encryptSecret } from "@/lib/crypto/secrets";
import { DomainError } from "@/lib/errors";
import {
  isCredentialName,
  isMasked,
  maskUrl,
  paramName,
  QUERY_PAIR,
  SECRET_MASK,
} from "./credentials";

/*
 * A webhook's credentials (./credentials.ts) at rest: encrypted when saved, opened only to
 * send a request. A credential sent back as `SECRET_MASK` keeps its stored value.
 */

const secretField = (message: string) => new DomainError("invalid", message, "headers");

/**
 * The submitted headers as stored: secret values encrypted, and a value sent as
 * `SECRET_MASK` keeps the value stored under that name (the form and a GET-then-PUT send the
 * mask back for a credential they never saw).
 */
export function sealHeaders(entries: HeaderEntry[], stored: StoredHeader[] = []): StoredHeader[] {
  return entries.map(({ name, value, secret }) => {
    const isSecret = secret || isCredentialName(name);
    if (value === SECRET_MASK) {
      const kept = stored.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (kept?.sealed !== undefined) return { name, sealed: kept.sealed };
      if (kept?.value !== undefined) {
        return isSecret ? { name, sealed: encryptSecret(kept.value) } : { name, value: kept.value };
      }
      throw secretField(`Enter a value for header ${name}: none is stored yet`);
    }
    return isSecret ? { name, sealed: encryptSecret(value) } : { name, value };
  });
}

/** The headers to send, credentials decrypted (and flagged, for the attempt's record). */
export function openHeaders(stored: StoredHeader[]): HeaderEntry[] {
  return stored.map((h) =>
    h.sealed === undefined
      ? { name: h.name, value: h.value ?? "", secret: isCredentialName(h.name) }
      : { name: h.name, value: decryptCached(h.sealed), secret: true },
  );
}

/**
 * The stored columns for a submitted URL: `url` masked for display, `urlSealed` the whole URL
 * encrypted when it carries credentials. A credential parameter sent back masked keeps the
 * value stored for it (the n-th of a name takes the n-th stored).
 */
export function sealUrl(
  submitted: string,
  before?: { url: string; urlSealed: string | null },
): { url: string; urlSealed: string | null } {
  const storedFull = before ? openUrl(before) : null;
  let full = submitted;
  if (submitted.includes("?")) {
    const storedValues = new Map<string, string[]>();
    if (storedFull?.includes("?")) {
      for (const [, , name, value] of storedFull
        .slice(storedFull.indexOf("?"))
        .matchAll(QUERY_PAIR)) {
        const key = paramName(name!);
        storedValues.set(key, [...(storedValues.get(key) ?? []), value!]);
      }
    }
    const query = submitted.indexOf("?");
    full =
      submitted.slice(0, query) +
      submitted
        .slice(query)
        .replace(QUERY_PAIR, (pair, sep: string, name: string, value: string) => {
          if (!isMasked(value) || !isCredentialName(paramName(name))) return pair;
          const kept = storedValues.get(paramName(name))?.shift();
          if (kept === undefined) {
            throw new DomainError(
              "invalid",
              `Enter the value of the URL's ${paramName(name)} parameter: none is stored yet`,
              "url",
            );
          }
          return `${sep}${name}=${kept}`;
        });
  }
  const url = maskUrl(full);
  if (url === full) return { url, urlSealed: null };
  // Unchanged, it keeps its sealed form: the audit log tells a replaced credential by that.
  return { url, urlSealed: full === storedFull ? before!.urlSealed : encryptSecret(full) };
}

/** The URL to send to. */
export const openUrl = (webhook: { url: string; urlSealed: string | null }) =>
  webhook.urlSealed ? decryptCached(webhook.urlSealed) : webhook.url;
