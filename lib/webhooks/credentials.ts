import type { HeaderEntry, StoredHeader } from "@/db/schema/webhooks";

/*
 * The credentials a webhook carries besides its signing secret: custom header values and URL
 * query parameters that authenticate the request to the receiver. They are kept encrypted
 * (like the signing secret), are write-only for every role — pages, the REST API, the audit
 * log and attempt records show `••••••••` — and are opened only to send a request. This file
 * says which they are and masks them (it runs in the browser too); ./sealed.ts keeps them.
 *
 * Which ones count (the README lists them):
 * - a header whose name contains auth, cookie, secret, token, passw, pwd, signature,
 *   credential, session or apikey, or ends in -key / _key (X-Api-Key,
 *   Ocp-Apim-Subscription-Key); any other header the person flags as secret;
 * - a query parameter named the same way (api_key, access_token, client_secret, sig,
 *   3scale's user_key and app_key, secret_param…).
 */

/** Shown for, and sent back to keep, a stored credential. */
export const SECRET_MASK = "••••••••";

const CREDENTIAL_NAME =
  /auth|cookie|secret|token|passw|pwd|signature|credential|session|apikey|(^|[-_])key$|^sig$/i;

/** Whether a header or query parameter of this name always holds a credential. */
export const isCredentialName = (name: string) => CREDENTIAL_NAME.test(name);

/** The headers as anyone may see them: credential values masked. */
export function shownHeaders(stored: StoredHeader[]): HeaderEntry[] {
  return stored.map((h) => {
    const secret = h.sealed !== undefined || isCredentialName(h.name);
    return { name: h.name, value: secret ? SECRET_MASK : (h.value ?? ""), secret };
  });
}

/** `?name=value` pairs of a URL's query, as written (not re-encoded). */
export const QUERY_PAIR = /([?&])([^=&#]*)=([^&#]*)/g;

export function paramName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

export const isMasked = (raw: string) => raw === SECRET_MASK || paramName(raw) === SECRET_MASK;

/** The URL with the values of its credential query parameters masked; the rest as written. */
export function maskUrl(url: string): string {
  const query = url.indexOf("?");
  if (query < 0) return url;
  return (
    url.slice(0, query) +
    url
      .slice(query)
      .replace(QUERY_PAIR, (pair, sep: string, name: string) =>
        isCredentialName(paramName(name)) ? `${sep}${name}=${SECRET_MASK}` : pair,
      )
  );
}
