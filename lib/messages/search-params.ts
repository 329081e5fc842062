import { createSearchParamsCache, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { MESSAGE_STATUSES } from "@/db/schema/enums";
import type { MessageFilters } from "./queries";

export const MESSAGE_STATUS_FILTERS = ["all", ...MESSAGE_STATUSES] as const;
export const TIME_RANGES = ["1h", "24h", "7d", "30d", "all"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

export const TIME_RANGE_LABELS: Record<TimeRange, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "Any time",
};

/**
 * The Logs tab's and the Messages page's state in the URL: filters, and a keyset cursor
 * (`older`/`newer` than a row) instead of a page number.
 */
export const messageListParsers = {
  status: parseAsStringLiteral(MESSAGE_STATUS_FILTERS).withDefault("all"),
  type: parseAsString.withDefault(""),
  range: parseAsStringLiteral(TIME_RANGES).withDefault("all"),
  q: parseAsString.withDefault(""),
  webhook: parseAsString.withDefault(""),
  older: parseAsString.withDefault(""),
  newer: parseAsString.withDefault(""),
};

export const messageListCache = createSearchParamsCache(messageListParsers);

/** The URL state as query filters; the Logs tab pins its webhook, the Messages page takes the filter's. */
export function messageFiltersOf(
  state: {
    status: (typeof MESSAGE_STATUS_FILTERS)[number];
    type: string;
    range: TimeRange;
    q: string;
    webhook?: string;
  },
  webhookId?: string,
): MessageFilters {
  return {
    webhookId: webhookId ?? (state.webhook || undefined),
    status: state.status,
    eventType: state.type,
    range: state.range,
    q: state.q,
  };
}
