import type { HeaderEntry, Webhook } from "@/db/schema";
import { shownHeaders } from "./credentials";
import type { CreateWebhookInput } from "./schemas";

/**
 * What the webhook forms hold while a person types: custom data and retry schedules as text,
 * headers as rows, timeouts in seconds. The shared zod schemas turn these into the stored
 * shapes. A stored credential comes as `SECRET_MASK` (lib/webhooks/credentials.ts): the form
 * never holds it, and sending the mask back keeps it.
 */
export interface WebhookFormValues {
  name: string;
  description: string;
  enabled: boolean;
  eventTypes: string[];
  product: string | null;
  url: string;
  method: CreateWebhookInput["method"];
  format: CreateWebhookInput["format"];
  signing: CreateWebhookInput["signing"];
  headers: HeaderEntry[];
  connectTimeoutSeconds: number;
  responseTimeoutSeconds: number;
  retryPolicy: CreateWebhookInput["retryPolicy"];
  retrySchedule: string;
  retryOn: CreateWebhookInput["retryOn"];
  disableOnFailedTest: boolean;
  /** The payload filter (CEL); empty for every subscribed event. */
  filter: string;
  /** Deliveries per second at most; null for no limit. */
  rateLimitPerSecond: number | null;
  forwardTraceparent: boolean;
  customData: string;
}

export const NEW_WEBHOOK_VALUES: WebhookFormValues = {
  name: "",
  description: "",
  enabled: true,
  eventTypes: [],
  product: "",
  url: "",
  method: "POST",
  format: "json",
  signing: "standard",
  headers: [],
  connectTimeoutSeconds: 3,
  responseTimeoutSeconds: 10,
  retryPolicy: "exponential",
  retrySchedule: "",
  retryOn: "non_2xx",
  disableOnFailedTest: false,
  filter: "",
  rateLimitPerSecond: null,
  forwardTraceparent: false,
  customData: "",
};

export const customDataToText = (data: Webhook["customData"]) =>
  data ? JSON.stringify(data, null, 2) : "";

/** A stored webhook as form values, for the edit forms. */
export function toFormValues(webhook: Webhook): WebhookFormValues {
  return {
    name: webhook.name,
    description: webhook.description,
    enabled: webhook.enabled,
    eventTypes: webhook.eventTypes,
    product: webhook.product ?? "",
    url: webhook.url,
    method: webhook.method,
    format: webhook.format,
    signing: webhook.signing,
    headers: shownHeaders(webhook.headers),
    connectTimeoutSeconds: webhook.connectTimeoutMs / 1000,
    responseTimeoutSeconds: webhook.responseTimeoutMs / 1000,
    retryPolicy: webhook.retryPolicy,
    retrySchedule: webhook.retrySchedule?.join(", ") ?? "",
    retryOn: webhook.retryOn,
    disableOnFailedTest: webhook.disableOnFailedTest,
    filter: webhook.filter ?? "",
    rateLimitPerSecond: webhook.rateLimitPerSecond,
    forwardTraceparent: webhook.forwardTraceparent,
    customData: customDataToText(webhook.customData),
  };
}

/** The HTTP settings form's values of a stored webhook: its edit form holds only these. */
export function toHttpFormValues(webhook: Webhook) {
  const {
    name: _n,
    description: _d,
    enabled: _e,
    eventTypes: _t,
    product: _p,
    customData: _c,
    ...http
  } = toFormValues(webhook);
  return http;
}
