import {
  createSearchParamsCache,
  parseAsInteger,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";

/** Columns the list may sort by; anything else in the URL falls back to the default. */
export const WEBHOOK_SORTS = [
  "createdAt.desc",
  "createdAt.asc",
  "name.asc",
  "name.desc",
  "url.asc",
  "url.desc",
  "updatedAt.desc",
  "updatedAt.asc",
] as const;
export type WebhookSort = (typeof WEBHOOK_SORTS)[number];

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const WEBHOOK_STATUSES = ["all", "enabled", "disabled"] as const;
/** The product filter's value for webhooks without a product (they receive every product's events). */
export const EVERY_PRODUCT = "*";

/** The list's table state in the URL, one parser map for the server page and the client table. */
export const webhookListParsers = {
  page: parseAsInteger.withDefault(1),
  perPage: parseAsInteger.withDefault(20),
  sort: parseAsStringLiteral(WEBHOOK_SORTS).withDefault("createdAt.desc"),
  q: parseAsString.withDefault(""),
  status: parseAsStringLiteral(WEBHOOK_STATUSES).withDefault("all"),
  eventType: parseAsString.withDefault(""),
  product: parseAsString.withDefault(""),
};

export const webhookListCache = createSearchParamsCache(webhookListParsers);
