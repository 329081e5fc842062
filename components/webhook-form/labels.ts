import type { PAYLOAD_FORMATS, RETRY_POLICIES, SIGNING_METHODS } from "@/db/schema/enums";
import { httpFields } from "@/lib/webhooks/schemas";

/* What the webhook forms and pages call things, and the wizard's steps. */

/** Fields of each wizard step, in order; the wizard validates a step's fields before moving on. */
export const WIZARD_STEPS = [
  { id: "general", title: "General", fields: ["name", "description", "enabled"] },
  // CloudBlue's order: the product, then the event types it publishes.
  { id: "product", title: "Product", fields: ["product"] },
  { id: "events", title: "Events", fields: ["eventTypes"] },
  {
    id: "http",
    title: "HTTP settings",
    fields: Object.keys(httpFields),
  },
  { id: "data", title: "Additional data", fields: ["customData"] },
  { id: "review", title: "Review", fields: [] },
] as const;

export const RETRY_POLICY_LABELS: Record<(typeof RETRY_POLICIES)[number], string> = {
  exponential: "Exponential backoff for up to 10 days (default)",
  fixed_5x60s: "5 retries, 60 seconds apart",
  "5xx_3x5min": "3 retries, 5 minutes apart, on 5xx and network errors only",
  twenty: "Up to 20 retries with backoff",
  custom: "Custom schedule",
};

export const SIGNING_LABELS: Record<(typeof SIGNING_METHODS)[number], string> = {
  standard: "Standard Webhooks (HMAC-SHA256)",
  jwt: "JWT HS256 bearer token",
  none: "None",
};

export const FORMAT_LABELS: Record<(typeof PAYLOAD_FORMATS)[number], string> = {
  json: "JSON",
  xml: "XML",
  form: "Form (x-www-form-urlencoded)",
};
