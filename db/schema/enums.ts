/**
 * The values the database constrains, as plain arrays and types with no Drizzle import: the
 * tables' pgEnums, zod schemas and filters build on them, and client components import them
 * from here so that the schema (and drizzle-orm) stays out of the browser bundle.
 */

export const ROLES = ["admin", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const HTTP_METHODS = ["POST", "PUT", "GET"] as const;
export const PAYLOAD_FORMATS = ["json", "xml", "form"] as const;
export const SIGNING_METHODS = ["standard", "jwt", "none"] as const;
export const RETRY_POLICIES = [
  "exponential",
  "fixed_5x60s",
  "5xx_3x5min",
  "twenty",
  "custom",
] as const;
export const RETRY_ON = ["non_2xx", "5xx"] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];
export type SigningMethod = (typeof SIGNING_METHODS)[number];
export type RetryPolicy = (typeof RETRY_POLICIES)[number];
export type RetryOn = (typeof RETRY_ON)[number];

export const MESSAGE_STATUSES = ["created", "retrying", "success", "failed", "cancelled"] as const;
export const MESSAGE_KINDS = ["event", "test", "manual"] as const;
export const ERROR_KINDS = [
  "timeout",
  "connection_refused",
  "dns",
  "tls",
  "blocked_address",
  "network",
  /** The request could not be built from the message (nothing was sent). */
  "build",
] as const;
export const EVENT_SOURCES = ["api", "console", "hookyard"] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** What an audit entry can be about; `messages` is a bulk action across webhooks. */
export const AUDIT_ENTITY_TYPES = [
  "webhook",
  "messages",
  "event_type",
  "user",
  "api_key",
  "settings",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
