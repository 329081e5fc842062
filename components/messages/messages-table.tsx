"use client";

import { Inbox } from "lucide-react";
import * as React from "react";
import { AutoRefresh } from "@/components/auto-refresh";
import { DataTable } from "@/components/data-table/data-table";
import { countLabel, DataTableFooter, KeysetPager } from "@/components/data-table/footer";
import {
  ClearFiltersButton,
  DataTableToolbar,
  FilterSelect,
  SearchField,
} from "@/components/data-table/toolbar";
import { useServerTable, useUrlTableState } from "@/components/data-table/use-data-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { MESSAGE_STATUSES } from "@/db/schema/enums";
import type { MessageRow } from "@/lib/messages/queries";
import { messageListParsers, TIME_RANGE_LABELS, TIME_RANGES } from "@/lib/messages/search-params";
import { BulkActions } from "./bulk-actions";
import { messageColumns, messageHref } from "./message-columns";
import { STATUS_LABELS } from "./message-status";

/** How often the first page asks the server again, so new messages and status changes show. */
const REFRESH_MS = 4000;

const STATUS_OPTIONS = [
  { value: "all", label: "All" },
  ...MESSAGE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
] as const;
const RANGE_OPTIONS = TIME_RANGES.map((r) => ({ value: r, label: TIME_RANGE_LABELS[r] }));

/**
 * The Logs tab's list (and the console-wide Messages page's, with a Webhook column): newest
 * first, filtered and paged by keyset through the URL. The first page refreshes itself;
 * a page further down stays still while it is read.
 */
export function MessagesTable({
  page: { rows, newerCursor, olderCursor },
  count,
  eventTypes,
  webhooks,
  bulk,
}: {
  /** One page of the log, with the cursors either side of it. */
  page: { rows: MessageRow[]; newerCursor: string | null; olderCursor: string | null };
  count: { count: number; capped: boolean };
  eventTypes: string[];
  /** Given on the Messages page: the webhooks to filter by, and the column is shown. */
  webhooks?: { id: string; name: string }[];
  /** Editors and admins get the bulk actions; on the Logs tab they stay within its webhook. */
  bulk?: { webhookId?: string } | null;
}) {
  const { state, setState, filter, isLoading } = useUrlTableState(messageListParsers, {
    history: "push",
    pageKeys: ["older", "newer"],
  });
  const [search, setSearch] = React.useState(state.q);
  const onFirstPage = !state.older && !state.newer;

  const showWebhook = !!webhooks;
  const columns = React.useMemo(() => messageColumns({ showWebhook }), [showWebhook]);
  const table = useServerTable({ data: rows, columns, getRowId: (row) => row.id });

  const filtered =
    state.q !== "" ||
    state.status !== "all" ||
    state.type !== "" ||
    state.range !== "all" ||
    state.webhook !== "";

  return (
    <Card>
      {onFirstPage && <AutoRefresh everyMs={REFRESH_MS} />}
      <DataTableToolbar onSubmit={() => filter({ q: search.trim() || null })}>
        <SearchField
          id="message-search"
          label="Message or event id"
          placeholder="msg_… or evt_…, then Enter"
          inputClassName="font-mono"
          value={search}
          onChange={setSearch}
        />
        {webhooks && (
          <FilterSelect
            id="message-webhook"
            label="Webhook"
            className="w-52"
            value={state.webhook}
            options={[
              { value: "", label: "Every webhook" },
              ...webhooks.map((w) => ({ value: w.id, label: w.name })),
            ]}
            onChange={(webhook) => filter({ webhook: webhook || null })}
          />
        )}
        <FilterSelect
          id="message-status"
          label="Status"
          className="w-36"
          value={state.status}
          options={STATUS_OPTIONS}
          onChange={(status) => filter({ status })}
        />
        <FilterSelect
          id="message-type"
          label="Event type"
          className="w-52"
          value={state.type}
          options={[{ value: "", label: "Any event type" }, ...eventTypes]}
          onChange={(type) => filter({ type: type || null })}
        />
        <FilterSelect
          id="message-range"
          label="Time"
          className="w-40"
          value={state.range}
          options={RANGE_OPTIONS}
          onChange={(range) => filter({ range })}
        />
        {filtered && (
          <ClearFiltersButton
            onClear={() => {
              setSearch("");
              filter({ q: null, status: null, type: null, range: null, webhook: null });
            }}
          />
        )}
      </DataTableToolbar>

      <DataTable
        table={table}
        caption="Messages, newest first"
        busy={isLoading}
        rowTestId="message-row"
        rowHref={messageHref}
        empty={
          <EmptyState
            icon={<Inbox />}
            title={filtered ? "No message matches" : "No messages yet"}
            description={
              filtered
                ? "Change or clear the filters."
                : "Messages appear here as events are published or Trigger Now is pressed."
            }
          />
        }
      />

      <DataTableFooter>
        <span data-testid="message-count">
          {countLabel(count, ["message", "messages"])}
          {onFirstPage ? " · updates live" : ""}
        </span>
        {bulk && <BulkActions webhookId={bulk.webhookId} />}
        <KeysetPager
          newest={onFirstPage ? undefined : () => filter({})}
          newer={newerCursor ? () => void setState({ newer: newerCursor, older: null }) : null}
          older={olderCursor ? () => void setState({ older: olderCursor, newer: null }) : null}
        />
      </DataTableFooter>
    </Card>
  );
}
