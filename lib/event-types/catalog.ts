import { ALERT_EVENT_TYPES } from "@/lib/alerts/types";

/**
 * The event types Hookyard ships with: 3scale's account, application and user events,
 * CloudBlue Connect's request-queue events, the `ping` a Test sends, and Hookyard's own
 * operational alerts (`hookyard.*`, lib/alerts/types.ts).
 */
export interface CatalogEventType {
  name: string;
  description: string;
  examplePayload: Record<string, unknown>;
}

const application = {
  id: 7001,
  name: "Mobile checkout",
  state: "live",
  plan: { id: 12, name: "Premium" },
  account_id: 3001,
  created_at: "2026-11-02T09:14:00Z",
};
const account = {
  id: 3001,
  org_name: "Acme Logistics",
  state: "approved",
  billing_address: { country: "DE", city: "Berlin" },
  created_at: "2026-10-28T16:40:00Z",
};
const user = {
  id: 5120,
  account_id: 3001,
  email: "dana@acme.example",
  role: "member",
  state: "active",
  created_at: "2026-10-28T16:41:12Z",
};
const request = (status: string) => ({
  id: "PR-5852-1608-0001",
  type: "purchase",
  status,
  product: { id: "PRD-276-377-545", name: "Cloud Backup" },
  asset: { id: "AS-1234-5678", external_id: "acme-42" },
  created: "2026-11-20T08:00:00Z",
});

/** "an account", "a user": the article by the label's first sound (a "u" here sounds "you"). */
const withArticle = (label: string) => `${/^[aeio]/i.test(label) ? "an" : "a"} ${label}`;
const capitalized = (text: string) => text[0]!.toUpperCase() + text.slice(1);

const crud = (
  family: string,
  label: string,
  sample: Record<string, unknown>,
): CatalogEventType[] => [
  {
    name: `${family}.created`,
    description: `A new ${label} was created.`,
    examplePayload: { [family]: sample },
  },
  {
    name: `${family}.updated`,
    description: `${capitalized(withArticle(label))}'s attributes changed.`,
    examplePayload: { [family]: { ...sample, updated_at: "2026-11-21T10:00:00Z" } },
  },
  {
    name: `${family}.deleted`,
    description: `${capitalized(withArticle(label))} was deleted.`,
    examplePayload: { [family]: { id: sample.id } },
  },
];

export const EVENT_TYPE_CATALOG: CatalogEventType[] = [
  ...crud("account", "account", account),
  ...crud("application", "application", application),
  ...crud("user", "user", user),
  {
    name: "application.plan_changed",
    description: "An application moved to another plan.",
    examplePayload: { application: { ...application, plan: { id: 14, name: "Enterprise" } } },
  },
  {
    name: "asset_request.created",
    description: "A fulfillment request for an asset entered the queue.",
    examplePayload: { request: request("pending") },
  },
  {
    name: "asset_request.approved",
    description: "A fulfillment request was approved.",
    examplePayload: { request: request("approved") },
  },
  {
    name: "asset_request.failed",
    description: "A fulfillment request failed.",
    examplePayload: { request: { ...request("failed"), reason: "Provisioning timed out" } },
  },
  {
    name: "tier_config_request.created",
    description: "A tier configuration request entered the queue.",
    examplePayload: { request: { ...request("pending"), type: "setup" } },
  },
  {
    name: "ping",
    description: "A test message sent by the Test button to check that an endpoint answers.",
    examplePayload: { type: "ping", timestamp: 1763971200 },
  },
  ...ALERT_EVENT_TYPES.map((t) => ({
    ...t,
    examplePayload: t.examplePayload as unknown as Record<string, unknown>,
  })),
];
