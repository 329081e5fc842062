"use client";

import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { ChevronLeft, ChevronRight, Inbox, Search } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import * as React from "react";
import { AutoRefresh } from "@/components/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { MESSAGE_STATUSES } from "@/db/schema";
import type { MessageRow } from "@/lib/messages/queries";
import { messageListParsers, TIME_RANGE_LABELS, TIME_RANGES } from "@/lib/messages/search-params";
import { formatDateTime } from "@/lib/utils";
import { BulkActions } from "./bulk-actions";
import { isPending, MessageStatusBadge, STATUS_LABELS } from "./message-status";

/** How often the first page asks the server again, so new messages and status changes show. */
const REFRESH_MS = 4000;

function lastAnswer(row: MessageRow) {
  if (row.lastResponseStatus) return `HTTP ${row.lastResponseStatus}`;
  if (row.lastError) return row.lastError;
  return "—";
}

/**
 * The Logs tab's list (and the console-wide Messages page's, with a Webhook column): newest
 * first, filtered and paged by keyset through the URL. The first page refreshes itself;
 * a page further down stays still while it is read.
 */
export function MessagesTable({
  rows,
  count,
  newerCursor,
  olderCursor,
  eventTypes,
  webhooks,
  bulk,
}: {
  rows: MessageRow[];
  count: { count: number; capped: boolean };
  newerCursor: string | null;
  olderCursor: string | null;
  eventTypes: string[];
  /** Given on the Messages page: the webhooks to filter by, and the column is shown. */
  webhooks?: { id: string; name: string }[];
  /** Editors and admins get the bulk actions; on the Logs tab they stay within its webhook. */
  bulk?: { webhookId?: string } | null;
}) {
  const [isLoading, startTransition] = React.useTransition();
  const [state, setState] = useQueryStates(messageListParsers, {
    shallow: false,
    startTransition,
    history: "push",
  });
  const [search, setSearch] = React.useState(state.q);
  const onFirstPage = !state.older && !state.newer;
  const linkTo = (row: MessageRow) => `/webhooks/${row.webhookId}/logs/${row.id}`;

  type Patch = { [K in keyof typeof state]?: (typeof state)[K] | null };
  const filter = (patch: Patch) => void setState({ ...patch, older: null, newer: null });

  const columns = React.useMemo<ColumnDef<MessageRow>[]>(
    () => [
      {
        id: "createdAt",
        header: "Time",
        cell: ({ row }) => (
          <Link
            href={linkTo(row.original)}
            className="block min-w-36 text-brand-700 hover:underline"
          >
            <time dateTime={row.original.createdAt.toISOString()}>
              {formatDateTime(row.original.createdAt)}
            </time>
            <span className="block font-mono text-xs text-slate-600">{row.original.id}</span>
          </Link>
        ),
      },
      ...(webhooks
        ? [
            {
              id: "webhook",
              header: "Webhook",
              cell: ({ row }: { row: { original: MessageRow } }) => (
                <Link
                  href={`/webhooks/${row.original.webhookId}`}
                  className="text-slate-900 hover:underline"
                >
                  {row.original.webhookName}
                </Link>
              ),
            } satisfies ColumnDef<MessageRow>,
          ]
        : []),
      {
        id: "eventType",
        header: "Event type",
        cell: ({ row }) => (
          <span className="flex flex-wrap items-center gap-1.5">
            <code className="font-mono text-xs text-slate-900">{row.original.eventType}</code>
            {row.original.kind === "test" && <Badge tone="info">Test</Badge>}
          </span>
        ),
      },
      {
        id: "status",
        header: "Status",
        cell: ({ row }) => <MessageStatusBadge status={row.original.status} />,
      },
      {
        id: "attempts",
        header: "Attempts",
        cell: ({ row }) => <span className="tabular-nums">{row.original.attempts}</span>,
      },
      {
        id: "lastAnswer",
        header: "Last response",
        cell: ({ row }) => (
          <span className="block max-w-56 truncate text-slate-700" title={lastAnswer(row.original)}>
            {lastAnswer(row.original)}
          </span>
        ),
      },
      {
        id: "nextAttemptAt",
        header: "Next attempt",
        cell: ({ row }) =>
          isPending(row.original.status) && row.original.nextAttemptAt ? (
            <time
              dateTime={row.original.nextAttemptAt.toISOString()}
              className="text-slate-700"
              title={row.original.waitingReason ?? undefined}
            >
              {formatDateTime(row.original.nextAttemptAt)}
            </time>
          ) : (
            <span className="text-slate-500">—</span>
          ),
      },
    ],
    [webhooks],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- rows and paging come from the server
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualFiltering: true,
  });

  const filtered =
    state.q !== "" ||
    state.status !== "all" ||
    state.type !== "" ||
    state.range !== "all" ||
    state.webhook !== "";
  // Beyond the exact range the figure is the planner's estimate, rounded to look like one.
  const total = count.capped
    ? `About ${Number(count.count.toPrecision(2)).toLocaleString("en-US")}`
    : count.count.toLocaleString("en-US");

  return (
    <Card>
      {onFirstPage && <AutoRefresh everyMs={REFRESH_MS} />}
      <form
        role="search"
        className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
        onSubmit={(event) => {
          event.preventDefault();
          filter({ q: search.trim() || null });
        }}
      >
        <div className="relative min-w-56 flex-1">
          <label htmlFor="message-search" className="block text-xs font-medium text-slate-700">
            Message or event id
          </label>
          <Search
            aria-hidden
            className="pointer-events-none absolute bottom-2.5 left-2.5 size-4 text-slate-500"
          />
          <Input
            id="message-search"
            type="search"
            placeholder="msg_… or evt_…, then Enter"
            className="pl-8 font-mono"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        {webhooks && (
          <div>
            <label htmlFor="message-webhook" className="block text-xs font-medium text-slate-700">
              Webhook
            </label>
            <Select
              id="message-webhook"
              className="w-52"
              value={state.webhook}
              onChange={(e) => filter({ webhook: e.target.value || null })}
            >
              <option value="">Every webhook</option>
              {webhooks.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </Select>
          </div>
        )}
        <div>
          <label htmlFor="message-status" className="block text-xs font-medium text-slate-700">
            Status
          </label>
          <Select
            id="message-status"
            className="w-36"
            value={state.status}
            onChange={(e) => filter({ status: e.target.value as typeof state.status })}
          >
            <option value="all">All</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="message-type" className="block text-xs font-medium text-slate-700">
            Event type
          </label>
          <Select
            id="message-type"
            className="w-52"
            value={state.type}
            onChange={(e) => filter({ type: e.target.value || null })}
          >
            <option value="">Any event type</option>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="message-range" className="block text-xs font-medium text-slate-700">
            Time
          </label>
          <Select
            id="message-range"
            className="w-40"
            value={state.range}
            onChange={(e) => filter({ range: e.target.value as typeof state.range })}
          >
            {TIME_RANGES.map((r) => (
              <option key={r} value={r}>
                {TIME_RANGE_LABELS[r]}
              </option>
            ))}
          </Select>
        </div>
        {filtered && (
          <Button
            type="button"
            variant="ghost"
            onClick={() => {
              setSearch("");
              filter({ q: null, status: null, type: null, range: null, webhook: null });
            }}
          >
            Clear filters
          </Button>
        )}
      </form>

      {rows.length === 0 ? (
        <EmptyState
          icon={<Inbox />}
          title={filtered ? "No message matches" : "No messages yet"}
          description={
            filtered
              ? "Change or clear the filters."
              : "Messages appear here as events are published or Trigger Now is pressed."
          }
        />
      ) : (
        <div className="overflow-x-auto" aria-busy={isLoading}>
          <DataTable table={table} caption="Messages, newest first" rowTestId="message-row" />
        </div>
      )}

      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-700">
        <span data-testid="message-count">
          {total} {count.count === 1 && !count.capped ? "message" : "messages"}
          {onFirstPage ? " · updates live" : ""}
        </span>
        {bulk && <BulkActions webhookId={bulk.webhookId} />}
        <div className="flex gap-2">
          {!onFirstPage && (
            <Button variant="ghost" size="sm" onClick={() => filter({})}>
              Newest
            </Button>
          )}
          <Button
            variant="secondary"
            size="sm"
            disabled={!newerCursor}
            onClick={() => void setState({ newer: newerCursor, older: null })}
          >
            <ChevronLeft aria-hidden />
            Newer
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!olderCursor}
            onClick={() => void setState({ older: olderCursor, newer: null })}
          >
            Older
            <ChevronRight aria-hidden />
          </Button>
        </div>
      </div>
    </Card>
  );
}
