import type { z } from "zod";
import { DomainError } from "@/lib/errors";
import { jsonResponse } from "./json-response";

/**
 * The REST API's one error shape: `{"error": {"code", "message", "field"?, "fields"?}}`.
 * `field` names the first field at fault, `fields` every field with its message.
 */
export const API_ERROR_CODES = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_CODES;

export class ApiError extends Error {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
    public readonly fields?: Record<string, string>,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return API_ERROR_CODES[this.code];
  }

  toResponse(): Response {
    const field = this.fields ? Object.keys(this.fields)[0] : undefined;
    return jsonResponse(
      {
        error: {
          code: this.code,
          message: this.message,
          ...(field ? { field, fields: this.fields } : {}),
        },
      },
      { status: this.status, headers: this.headers },
    );
  }
}

const DOMAIN_CODES: Record<DomainError["code"], ApiErrorCode> = {
  not_found: "not_found",
  conflict: "conflict",
  invalid: "invalid_request",
  forbidden: "forbidden",
};

/** A mutation's expected failure as the API answers it. */
export function fromDomainError(error: DomainError): ApiError {
  const code = DOMAIN_CODES[error.code];
  return new ApiError(
    code,
    code === "invalid_request" && error.field
      ? `Invalid body: ${error.field}: ${error.message}`
      : error.message,
    error.field ? { [error.field]: error.message } : undefined,
  );
}

/** zod issues as one message per field path, `where` naming the part of the request. */
export function invalid(error: z.ZodError, where: "body" | "query" | "path"): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path =
      issue.path.map(String).join(".") ||
      (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : where);
    fields[path] ??=
      issue.code === "unrecognized_keys"
        ? `Unknown field${issue.keys.length > 1 ? "s" : ""}`
        : issue.message;
  }
  const summary = Object.entries(fields)
    .map(([f, m]) => `${f}: ${m}`)
    .join("; ");
  return new ApiError(
    where === "path" ? "not_found" : "invalid_request",
    where === "path" ? `Not found: ${summary}` : `Invalid ${where}: ${summary}`,
    fields,
  );
}
