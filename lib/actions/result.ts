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
