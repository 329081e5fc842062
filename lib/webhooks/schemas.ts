import { z } from "zod";
import {
  HTTP_METHODS,
  PAYLOAD_FORMATS,
  RETRY_ON,
  RETRY_POLICIES,
  SIGNING_METHODS,
} from "@/db/schema/enums";
import type { HeaderEntry } from "@/db/schema/webhooks";
import { EVENT_PATTERN_RE } from "@/lib/event-types/schemas";
import { nestsDeeperThan, tooDeep } from "@/lib/util/json-depth";
import { isCredentialName, SECRET_MASK } from "./credentials";
import { checkFilter, FILTER_MAX_LENGTH } from "./filter";

/**
 * One schema per webhook operation, shared by the wizard and edit forms (react-hook-form),
 * the server actions and the REST API. Form fields that people type as text (headers, custom
 * data, a custom retry schedule) accept text and come out parsed; the API may send them
 * already structured.
 */

export const WEBHOOK_ID_RE = /^WH-\d{3}-\d{3}-\d{3}$/;
export const webhookIdSchema = z.string().regex(WEBHOOK_ID_RE, "Not a webhook id (WH-123-456-789)");

export const LIMITS = {
  name: 100,
  description: 1000,
  url: 2048,
  eventTypes: 50,
  headers: 20,
  headerValue: 1024,
  customDataBytes: 16 * 1024,
  retrySteps: 50,
  retryStepSeconds: 7 * 24 * 3600,
  rateLimitPerSecond: 10_000,
} as const;

/** Set by Hookyard on every request; a custom header may not replace them. */
export const RESERVED_HEADERS = [
  "host",
  "content-length",
  "content-type",
  "content-md5",
  "transfer-encoding",
  "connection",
  "user-agent",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
];
/** Hop-by-hop headers: a webhook request cannot carry them (undici refuses to send them). */
const HOP_BY_HOP_HEADERS = ["expect", "upgrade", "keep-alive", "te", "trailer", "proxy-connection"];
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** What an HTTP/1.1 header value may hold: tab, printable ASCII and Latin-1 (undici's rule). */
const HEADER_VALUE_RE = /^[\t\x20-\x7e\x80-\xff]*$/;

function parseJsonText(text: string, ctx: z.RefinementCtx, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : "";
    ctx.addIssue({ code: "custom", message: `${what} is not valid JSON${detail}` });
    return z.NEVER;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Custom headers: an object of names and values, or a list of `{ name, value, secret }` (the
 * form's rows; `secret` keeps a value encrypted and write-only, as credential names always
 * are — lib/webhooks/credentials.ts). Rows left empty are dropped; `SECRET_MASK` as a value
 * keeps the stored one.
 */
export const headersField = z
  .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
  .transform((raw, ctx): HeaderEntry[] => {
    let value: unknown = raw;
    if (typeof raw === "string") {
      if (!raw.trim()) return [];
      value = parseJsonText(raw, ctx, "Headers");
      if (value === z.NEVER) return [];
    }
    let entries: [string, unknown, boolean][];
    if (Array.isArray(value)) {
      entries = value
        .map((e): [string, unknown, boolean] =>
          isPlainObject(e)
            ? [String(e.name ?? "").trim(), e.value, e.secret === true]
            : ["", e, false],
        )
        .filter(([name, val]) => name !== "" || (val ?? "") !== "");
    } else if (isPlainObject(value)) {
      entries = Object.entries(value).map(([name, val]) => [name, val, false]);
    } else {
      ctx.addIssue({
        code: "custom",
        message: 'Headers must be a JSON object such as {"X-Tenant": "acme"}',
      });
      return [];
    }
    if (entries.length > LIMITS.headers) {
      ctx.addIssue({ code: "custom", message: `At most ${LIMITS.headers} headers` });
      return [];
    }
    const seen = new Set<string>();
    const out: HeaderEntry[] = [];
    for (const [name, val, secret] of entries) {
      if (!HEADER_NAME_RE.test(name)) {
        ctx.addIssue({
          code: "custom",
          message: name ? `"${name}" is not a valid header name` : "A header needs a name",
        });
      } else if (RESERVED_HEADERS.includes(name.toLowerCase())) {
        ctx.addIssue({
          code: "custom",
          message: `${name} is set by Hookyard and cannot be overridden`,
        });
      } else if (HOP_BY_HOP_HEADERS.includes(name.toLowerCase())) {
        ctx.addIssue({
          code: "custom",
          message: `${name} is a hop-by-hop header: a webhook request cannot carry it`,
        });
      } else if (seen.has(name.toLowerCase())) {
        ctx.addIssue({ code: "custom", message: `Header ${name} appears twice` });
      } else if (typeof val !== "string") {
        ctx.addIssue({ code: "custom", message: `The value of header ${name} must be a string` });
      } else if (val === SECRET_MASK) {
        seen.add(name.toLowerCase());
        out.push({ name, value: val, secret: true });
      } else if (val.length > LIMITS.headerValue || /[\r\n\0]/.test(val)) {
        ctx.addIssue({
          code: "custom",
          message: `The value of header ${name} must be one line of at most ${LIMITS.headerValue} characters`,
        });
      } else if (!HEADER_VALUE_RE.test(val)) {
        ctx.addIssue({
          code: "custom",
          message: `The value of header ${name} may hold printable characters only (no control characters, nothing beyond U+00FF such as U+2028)`,
        });
      } else {
        seen.add(name.toLowerCase());
        out.push({ name, value: val, secret: secret || isCredentialName(name) });
      }
    }
    return out;
  });

export const customDataField = z
  .union([z.string(), z.record(z.string(), z.unknown()), z.null()])
  .transform((raw, ctx): Record<string, unknown> | null => {
    if (raw === null) return null;
    let value: unknown = raw;
    if (typeof raw === "string") {
      if (!raw.trim()) return null;
      value = parseJsonText(raw, ctx, "Custom data");
      if (value === z.NEVER) return null;
    }
    if (!isPlainObject(value)) {
      ctx.addIssue({
        code: "custom",
        message: 'Custom data must be a JSON object such as {"region": "eu"}',
      });
      return null;
    }
    if (nestsDeeperThan(value)) {
      ctx.addIssue({ code: "custom", message: tooDeep("Custom data") });
      return null;
    }
    if (new TextEncoder().encode(JSON.stringify(value)).length > LIMITS.customDataBytes) {
      ctx.addIssue({
        code: "custom",
        message: `Custom data must be at most ${LIMITS.customDataBytes / 1024} KiB`,
      });
      return null;
    }
    return value;
  });

/** Seconds between attempts, typed as `60, 300, 900` or sent as an array. */
export const retryScheduleField = z
  .union([z.string(), z.array(z.number()), z.null()])
  .transform((raw, ctx): number[] | null => {
    if (raw === null) return null;
    const parts = typeof raw === "string" ? raw.split(/[\s,]+/).filter(Boolean) : raw.map(String);
    if (parts.length === 0) return null;
    const out: number[] = [];
    for (const part of parts) {
      const n = Number(part);
      if (!Number.isInteger(n) || n < 1 || n > LIMITS.retryStepSeconds) {
        ctx.addIssue({
          code: "custom",
          message: `"${part}" is not a whole number of seconds between 1 and ${LIMITS.retryStepSeconds}`,
        });
        return null;
      }
      out.push(n);
    }
    if (out.length > LIMITS.retrySteps) {
      ctx.addIssue({ code: "custom", message: `At most ${LIMITS.retrySteps} retries` });
      return null;
    }
    return out;
  });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** `user:password@` in a URL: never sent (fetch and undici drop it), so it is refused. */
function hasUserInfo(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== "" || url.password !== "";
  } catch {
    return false;
  }
}

export const generalFields = {
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(LIMITS.name, `Name must be at most ${LIMITS.name} characters`),
  description: z
    .string()
    .trim()
    .max(LIMITS.description, `Description must be at most ${LIMITS.description} characters`),
  enabled: z.boolean(),
  // Checked as a whole so the message lands on the field, not on an item of it.
  eventTypes: z
    .array(z.string().trim())
    .min(1, "Pick at least one event type")
    .refine((list) => list.every((t) => EVENT_PATTERN_RE.test(t)), {
      message: "Event types look like application.created or application.*",
    })
    .max(LIMITS.eventTypes, `At most ${LIMITS.eventTypes} event types`)
    .refine((list) => new Set(list).size === list.length, "An event type is listed twice"),
  product: z
    .string()
    .trim()
    .max(64, "Product must be at most 64 characters")
    .regex(/^[A-Za-z0-9._:-]*$/, "Product ids use letters, digits and . _ : -")
    .nullable()
    .transform((v) => v || null),
};

/**
 * A payload filter in CEL (lib/webhooks/filter.ts); empty or null for every subscribed event.
 * Checked whole: a syntax or type error is refused with its column.
 */
export const filterField = z
  .string({ message: "Filter must be a CEL expression in a string, or null" })
  .max(FILTER_MAX_LENGTH, `Filter must be at most ${FILTER_MAX_LENGTH} characters`)
  .nullable()
  .default(null)
  .transform((raw, ctx): string | null => {
    const text = raw?.trim() ?? "";
    if (!text) return null;
    const checked = checkFilter(text);
    if (!checked.ok) {
      ctx.addIssue({ code: "custom", message: `Filter: ${checked.error}` });
      return null;
    }
    return text;
  });

export const httpFields = {
  url: z
    .string()
    .trim()
    .min(1, "URL is required")
    .max(LIMITS.url, `URL must be at most ${LIMITS.url} characters`)
    .refine(isHttpUrl, "Enter a full http:// or https:// URL")
    .refine(
      (v) => !hasUserInfo(v),
      "URL must not hold a user name or password (it would not be sent): add an Authorization header instead",
    ),
  method: z.enum(HTTP_METHODS, { message: "Method must be POST, PUT or GET" }),
  format: z.enum(PAYLOAD_FORMATS, { message: "Format must be json, xml or form" }),
  signing: z.enum(SIGNING_METHODS, { message: "Signing must be standard, jwt or none" }),
  headers: headersField,
  connectTimeoutSeconds: z
    .number({ message: "Connect timeout must be a number of seconds" })
    .min(1, "Connect timeout must be at least 1 second")
    .max(30, "Connect timeout must be at most 30 seconds"),
  responseTimeoutSeconds: z
    .number({ message: "Response timeout must be a number of seconds" })
    .min(1, "Response timeout must be at least 1 second")
    .max(120, "Response timeout must be at most 120 seconds"),
  retryPolicy: z.enum(RETRY_POLICIES, { message: "Choose a retry policy" }),
  retrySchedule: retryScheduleField,
  retryOn: z.enum(RETRY_ON, { message: "Choose which failures are retried" }),
  disableOnFailedTest: z.boolean("Disable on a failed test is true or false").default(false),
  filter: filterField,
  forwardTraceparent: z.boolean("Forward traceparent is true or false").default(false),
  // The form's empty number field arrives as NaN: no limit.
  rateLimitPerSecond: z
    .preprocess(
      (v) => (v === "" || (typeof v === "number" && Number.isNaN(v)) ? null : v),
      z
        .number({ message: "Rate limit must be a number of deliveries per second, or null" })
        .int("Rate limit must be a whole number of deliveries per second")
        .min(1, "Rate limit must be at least 1 delivery per second")
        .max(
          LIMITS.rateLimitPerSecond,
          `Rate limit must be at most ${LIMITS.rateLimitPerSecond} deliveries per second`,
        )
        .nullable(),
    )
    .default(null),
};

export const customDataFields = { customData: customDataField };

type HttpOutput = z.output<z.ZodObject<typeof httpFields>>;

/** Rules that span several HTTP fields. */
function checkHttp(value: HttpOutput, ctx: z.RefinementCtx) {
  if (value.retryPolicy === "custom" && !value.retrySchedule?.length) {
    ctx.addIssue({
      code: "custom",
      path: ["retrySchedule"],
      message: "A custom policy needs its schedule, e.g. 60, 300, 900",
    });
  }
  if (
    value.forwardTraceparent &&
    value.headers.some((h) => h.name.toLowerCase() === "traceparent")
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["headers"],
      message: "Forwarding trace context sends its own traceparent header; remove the custom one",
    });
  }
  if (
    value.signing === "jwt" &&
    value.headers.some((h) => h.name.toLowerCase() === "authorization")
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["headers"],
      message: "JWT signing sends its own Authorization header; remove the custom one",
    });
  }
}

export const createWebhookSchema = z
  .strictObject({ ...generalFields, ...httpFields, ...customDataFields })
  .superRefine(checkHttp);

/**
 * A whole webhook, for replacing one (the API's PUT, as Apigee updates): the creation fields,
 * plus what a GET answer also carries, so an answer can be edited and sent back as it is.
 * Those read-only fields are accepted and ignored; an `id` must be the webhook's own.
 */
export const replaceWebhookSchema = z
  .strictObject({
    ...generalFields,
    ...httpFields,
    ...customDataFields,
    id: webhookIdSchema.optional(),
    disabledReason: z.string().nullable().optional(),
    lastSuccessAt: z.string().nullable().optional(),
    lastFailureAt: z.string().nullable().optional(),
    previousSecretExpiresAt: z.string().nullable().optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .superRefine(checkHttp);

/** How long a rotated-out secret keeps signing: a day unless chosen, a week at most. */
export const SECRET_GRACE_DEFAULT_SECONDS = 24 * 60 * 60;
export const SECRET_GRACE_MAX_SECONDS = 7 * 24 * 60 * 60;
export const secretGraceField = z
  .number({ message: "graceSeconds must be a number of seconds" })
  .int("graceSeconds must be a whole number of seconds")
  .min(0, "graceSeconds must be 0 or more")
  .max(SECRET_GRACE_MAX_SECONDS, "graceSeconds must be at most 604800 (7 days)");

const withId = { id: webhookIdSchema };
export const updateGeneralSchema = z.strictObject({ ...withId, ...generalFields });
export const updateHttpSchema = z.strictObject({ ...withId, ...httpFields }).superRefine(checkHttp);
export const updateCustomDataSchema = z.strictObject({ ...withId, ...customDataFields });
export const webhookRefSchema = z.strictObject(withId);
export const regenerateSecretSchema = z.strictObject({
  ...withId,
  graceSeconds: secretGraceField.default(SECRET_GRACE_DEFAULT_SECONDS),
});
export const setEnabledSchema = z.strictObject({ ...withId, enabled: z.boolean() });

export type CreateWebhookInput = z.input<typeof createWebhookSchema>;
export type CreateWebhook = z.output<typeof createWebhookSchema>;
export type UpdateGeneral = z.output<typeof updateGeneralSchema>;
export type UpdateHttp = z.output<typeof updateHttpSchema>;
export type UpdateCustomData = z.output<typeof updateCustomDataSchema>;
