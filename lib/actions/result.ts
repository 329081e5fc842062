import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: "unauthenticated" | "forbidden" | "invalid" | "not_found" | "conflict" | "internal";
      error: string;
      fieldErrors?: FieldErrors;
    };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

/** Turns zod issues into one message per field path (`headers`, `eventTypes`, …). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    out[key] ??= issue.message;
  }
  return out;
}
