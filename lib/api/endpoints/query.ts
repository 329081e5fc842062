import { z } from "zod";
import { ApiError } from "../errors";

/** Query-string fields: everything arrives as text and is coerced here, explicitly. */

export const limitQuery = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,3}$/, "limit is a whole number from 1 to 100")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, "limit is a whole number from 1 to 100")
    .default(fallback)
    .meta({ description: `1 to 100, default ${fallback}` });

export const booleanQuery = (fallback: boolean) =>
  z
    .enum(["true", "false"], "true or false")
    .transform((v) => v === "true")
    .default(fallback);

export const instantQuery = (name: string) =>
  z.iso
    .datetime({
      offset: true,
      message: `${name} is an ISO 8601 instant, e.g. 2026-12-01T00:00:00Z`,
    })
    .transform((v) => new Date(v));

/** An opaque cursor for lists short enough to page by position (webhooks). */
export const encodeOffsetCursor = (offset: number) =>
  Buffer.from(`o:${offset}`).toString("base64url");

export function decodeOffsetCursor(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) {
    throw new ApiError("invalid_request", "cursor is not one this API gave out", {
      cursor: "Not a cursor from this API",
    });
  }
  return Number(match[1]);
}
