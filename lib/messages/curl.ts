import type { RecordedRequest } from "@/db/schema";

/** A shell word in single quotes: a quote inside ends it, escapes one, and starts again. */
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * An attempt's request as a curl command, to replay it by hand. It is the request as
 * recorded: credentials read `••••••••` and the signature is the one of that moment, so the
 * receiver will refuse it unless those are put back.
 */
export function curlOf(request: RecordedRequest): string {
  const parts = ["curl", "-X", request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    parts.push("-H", quote(`${name}: ${value}`));
  }
  if (request.body) parts.push("--data-raw", quote(request.body));
  return parts.join(" ");
}
