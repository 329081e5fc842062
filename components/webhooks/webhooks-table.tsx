"use client";

import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Search, SearchX, Webhook } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { formatDateTime } from "@/lib/utils";
import type { WebhookListRow } from "@/lib/webhooks/queries";
import {
  PAGE_SIZES,
  WEBHOOK_SORTS,
  webhookListParsers,
  type WebhookSort,
} from "@/lib/webhooks/search-params";
import { WebhookEnabledSwitch, WebhookRowMenu } from "./webhook-row-controls";

type Row = Omit<WebhookListRow, "createdAt" | "updatedAt"> & { createdAt: Date; updatedAt: Date };

const SORTABLE = new Set(["name", "url", "createdAt", "updatedAt"]);

function toSorting(sort: WebhookSort): SortingState {
  const [id, dir] = sort.split(".");
  return [{ id: id!, desc: dir === "desc" }];
}

function fromSorting(sorting: SortingState): WebhookSort {
  const first = sorting[0];
  if (!first) return "createdAt.desc";
  const candidate = `${first.id}.${first.desc ? "desc" : "asc"}`;
  return (WEBHOOK_SORTS as readonly string[]).includes(candidate)
    ? (candidate as WebhookSort)
    : "createdAt.desc";
}

function EventList({ types }: { types: string[] }) {
  const shown = types.slice(0, 3);
  return (
    <div className="flex flex-wrap gap-1">
      {shown.map((t) => (
        <Badge key={t} className="font-mono">
          {t}
        </Badge>
      ))}
      {types.length > shown.length && (
        <Badge tone="info" title={types.slice(3).join(", ")}>
          +{types.length - shown.length} more
        </Badge>
      )}
    </div>
  );
}

export function WebhooksTable({
  rows,
  total,
  pageCount,
  eventTypes,
  canManage,
  hasAny,
}: {
  rows: Row[];
  total: number;
  pageCount: number;
  eventTypes: string[];
  canManage: boolean;
  hasAny: boolean;
}) {
  const [isLoading, startTransition] = React.useTransition();
  const [state, setState] = useQueryStates(webhookListParsers, {
    shallow: false,
    startTransition,
    history: "replace",
  });
  const [search, setSearch] = React.useState(state.q);

  // Typing searches after a short pause; the URL (and so the server query) follows.
  React.useEffect(() => {
    if (search === state.q) return;
    const timer = setTimeout(() => void setState({ q: search || null, page: null }), 300);
    return () => clearTimeout(timer);
  }, [search, state.q, setState]);

  const columns = React.useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: "name",
        header: "Name",
        cell: ({ row }) => (
          <div className="min-w-40">
            <Link
              href={`/webhooks/${row.original.id}`}
              className="font-medium text-brand-700 hover:underline"
            >
              {row.original.name}
            </Link>
            <div className="font-mono text-xs text-slate-600">{row.original.id}</div>
          </div>
        ),
      },
      {
        id: "url",
        header: "URL",
        cell: ({ row }) => (
          <div className="flex max-w-[16rem] items-baseline gap-2 2xl:max-w-md">
            <Badge>{row.original.method}</Badge>
            <span className="truncate font-mono text-xs text-slate-800" title={row.original.url}>
              {row.original.url}
            </span>
          </div>
        ),
      },
      {
        id: "events",
        header: "Events",
        enableSorting: false,
        cell: ({ row }) => <EventList types={row.original.eventTypes} />,
      },
      {
        id: "status",
        header: "Status",
        enableSorting: false,
        cell: ({ row }) => (
          <WebhookEnabledSwitch
            id={row.original.id}
            name={row.original.name}
            enabled={row.original.enabled}
            disabledReason={row.original.disabledReason}
            canManage={canManage}
          />
        ),
      },
      {
        id: "createdAt",
        header: "Created",
        cell: ({ row }) => (
          <time
            dateTime={row.original.createdAt.toISOString()}
            className="block min-w-24 text-slate-700"
          >
            {formatDateTime(row.original.createdAt)}
          </time>
        ),
      },
      {
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        enableSorting: false,
        cell: ({ row }) => (
          <WebhookRowMenu
            id={row.original.id}
            name={row.original.name}
            enabled={row.original.enabled}
            canManage={canManage}
          />
        ),
      },
    ],
    [canManage],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- the table state is rebuilt from the URL each render
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    pageCount,
    enableSortingRemoval: false,
    state: {
      sorting: toSorting(state.sort),
      pagination: { pageIndex: state.page - 1, pageSize: state.perPage },
    },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(toSorting(state.sort)) : updater;
      void setState({ sort: fromSorting(next), page: null });
    },
  });

  const filtered = state.q !== "" || state.status !== "all" || state.eventType !== "";
  const first = total === 0 ? 0 : (state.page - 1) * state.perPage + 1;
  const last = Math.min(total, state.page * state.perPage);

  if (!hasAny) {
    return (
      <Card>
        <EmptyState
          icon={<Webhook />}
          title="No webhooks yet"
          description="A webhook sends your platform's events to an HTTP endpoint, signed and retried until it answers."
          action={
            canManage ? (
              <Button asChild>
                <Link href="/webhooks/new">Create your first webhook</Link>
              </Button>
            ) : (
              <p className="text-sm text-slate-600">Ask an editor to create one.</p>
            )
          }
        />
      </Card>
    );
  }

  return (
    <Card>
      <div
        role="search"
        className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
      >
        <div className="relative min-w-56 flex-1">
          <label htmlFor="webhook-search" className="sr-only">
            Search webhooks
          </label>
          <Search
            aria-hidden
            className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-500"
          />
          <Input
            id="webhook-search"
            type="search"
            placeholder="Search by name, URL, id or description"
            className="pl-8"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="webhook-status" className="block text-xs font-medium text-slate-700">
            Status
          </label>
          <Select
            id="webhook-status"
            className="w-36"
            value={state.status}
            onChange={(e) =>
              void setState({
                status: e.target.value as typeof state.status,
                page: null,
              })
            }
          >
            <option value="all">All</option>
            <option value="enabled">Enabled</option>
            <option value="disabled">Disabled</option>
          </Select>
        </div>
        <div>
          <label htmlFor="webhook-event-type" className="block text-xs font-medium text-slate-700">
            Event type
          </label>
          <Select
            id="webhook-event-type"
            className="w-56"
            value={state.eventType}
            onChange={(e) => void setState({ eventType: e.target.value || null, page: null })}
          >
            <option value="">Any event type</option>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </div>
        {filtered && (
          <Button
            variant="ghost"
            onClick={() => {
              setSearch("");
              void setState({ q: null, status: null, eventType: null, page: null });
            }}
          >
            Clear filters
          </Button>
        )}
      </div>

      <div className="overflow-x-auto" aria-busy={isLoading}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Webhooks, {total} in all</caption>
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sortable = SORTABLE.has(header.column.id);
                  const sorted = header.column.getIsSorted();
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className="px-4 py-2.5 font-medium"
                      aria-sort={
                        sorted === "asc"
                          ? "ascending"
                          : sorted === "desc"
                            ? "descending"
                            : undefined
                      }
                    >
                      {sortable ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
                          onClick={() =>
                            table.setSorting([
                              {
                                id: header.column.id,
                                desc:
                                  sorted === "asc"
                                    ? true
                                    : sorted === "desc"
                                      ? false
                                      : header.column.id.endsWith("At"),
                              },
                            ])
                          }
                        >
                          {label}
                          {sorted === "asc" ? (
                            <ArrowUp aria-hidden className="size-3.5" />
                          ) : sorted === "desc" ? (
                            <ArrowDown aria-hidden className="size-3.5" />
                          ) : (
                            <ArrowUpDown aria-hidden className="size-3.5 opacity-50" />
                          )}
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className={isLoading ? "opacity-60 transition-opacity" : undefined}>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-200 hover:bg-slate-50">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-4 py-3 align-top">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && (
          <EmptyState
            icon={<SearchX />}
            title="No webhooks match"
            description="Try another search or clear the filters."
          />
        )}
      </div>

      <nav
        aria-label="Pagination"
        className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-700"
      >
        <p data-testid="pagination-summary">
          {total === 0 ? "No webhooks" : `${first}–${last} of ${total}`}
        </p>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2">
            Rows per page
            <Select
              className="w-24"
              value={state.perPage}
              onChange={(e) => void setState({ perPage: Number(e.target.value), page: null })}
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </Select>
          </label>
          <span>
            Page {state.page} of {pageCount}
          </span>
          <Button
            variant="secondary"
            size="sm"
            disabled={state.page <= 1}
            onClick={() => void setState({ page: state.page - 1 > 1 ? state.page - 1 : null })}
          >
            Previous
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={state.page >= pageCount}
            onClick={() => void setState({ page: state.page + 1 })}
          >
            Next
          </Button>
        </div>
      </nav>
    </Card>
  );
}
