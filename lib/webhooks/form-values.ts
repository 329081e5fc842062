import type { Webhook } from "@/db/schema";
import type { CreateWebhookInput } from "./schemas";

/**
 * What the webhook forms hold while a person types: JSON and retry schedules as text,
 * timeouts in seconds. The shared zod schemas turn these into the stored shapes.
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
  headers: string;
  connectTimeoutSeconds: number;
  responseTimeoutSeconds: number;
  retryPolicy: CreateWebhookInput["retryPolicy"];
  retrySchedule: string;
  retryOn: CreateWebhookInput["retryOn"];
  disableOnFailedTest: boolean;
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
  headers: "",
  connectTimeoutSeconds: 3,
  responseTimeoutSeconds: 10,
  retryPolicy: "exponential",
  retrySchedule: "",
  retryOn: "non_2xx",
  disableOnFailedTest: false,
  customData: "",
};

export const headersToText = (headers: Webhook["headers"]) =>
  headers.length
    ? JSON.stringify(Object.fromEntries(headers.map((h) => [h.name, h.value])), null, 2)
    : "";

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
    headers: headersToText(webhook.headers),
    connectTimeoutSeconds: webhook.connectTimeoutMs / 1000,
    responseTimeoutSeconds: webhook.responseTimeoutMs / 1000,
    retryPolicy: webhook.retryPolicy,
    retrySchedule: webhook.retrySchedule?.join(", ") ?? "",
    retryOn: webhook.retryOn,
    disableOnFailedTest: webhook.disableOnFailedTest,
    customData: customDataToText(webhook.customData),
  };
}
