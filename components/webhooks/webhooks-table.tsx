"use client";

import { SearchX, Webhook } from "lucide-react";
import { Link } from "@/components/ui/link";
import * as React from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFooter, PagePager } from "@/components/data-table/footer";
import { sortingOf, sortParamOf } from "@/components/data-table/sort-param";
import {
  ClearFiltersButton,
  DataTableToolbar,
  FilterSelect,
  SearchField,
} from "@/components/data-table/toolbar";
import { useServerTable, useUrlTableState } from "@/components/data-table/use-data-table";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { WebhookListRow } from "@/lib/webhooks/queries";
import {
  EVERY_PRODUCT,
  PAGE_SIZES,
  WEBHOOK_SORTS,
  webhookListParsers,
} from "@/lib/webhooks/search-params";
import { webhookColumns, webhookHref } from "./webhook-columns";

const STATUS_OPTIONS = [
  { value: "all", label: "All" },
  { value: "enabled", label: "Enabled" },
  { value: "disabled", label: "Disabled" },
] as const;

/** The webhook list: searched, filtered, sorted and paged by number through the URL. */
export function WebhooksTable({
  rows,
  total,
  pageCount,
  eventTypes,
  products,
  canManage,
  hasAny,
}: {
  rows: WebhookListRow[];
  total: number;
  pageCount: number;
  eventTypes: string[];
  /** Products webhooks are scoped to, for the Product filter. */
  products: string[];
  canManage: boolean;
  hasAny: boolean;
}) {
  const { state, setState, filter, isLoading } = useUrlTableState(webhookListParsers, {
    history: "replace",
    pageKeys: ["page"],
  });
  const [search, setSearch] = React.useState(state.q);

  // Typing searches after a short pause; the URL (and so the server query) follows.
  React.useEffect(() => {
    if (search === state.q) return;
    const timer = setTimeout(() => void setState({ q: search || null, page: null }), 300);
    return () => clearTimeout(timer);
  }, [search, state.q, setState]);

  const columns = React.useMemo(() => webhookColumns(canManage), [canManage]);
  const table = useServerTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    sorting: {
      state: sortingOf(state.sort),
      onChange: (next) => filter({ sort: sortParamOf(next, WEBHOOK_SORTS, "createdAt.desc") }),
    },
  });

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

  const filtered =
    state.q !== "" || state.status !== "all" || state.eventType !== "" || state.product !== "";
  // A product not among the choices (no webhook has it now, or past the first 200) still shows.
  const productChoices =
    state.product && state.product !== EVERY_PRODUCT && !products.includes(state.product)
      ? [...products, state.product]
      : products;
  const first = total === 0 ? 0 : (state.page - 1) * state.perPage + 1;
  const last = Math.min(total, state.page * state.perPage);

  return (
    <Card>
      <DataTableToolbar>
        <SearchField
          id="webhook-search"
          label="Search webhooks"
          hideLabel
          placeholder="Search by name, URL, id or description"
          value={search}
          onChange={setSearch}
        />
        <FilterSelect
          id="webhook-status"
          label="Status"
          className="w-36"
          value={state.status}
          options={STATUS_OPTIONS}
          onChange={(status) => filter({ status })}
        />
        <FilterSelect
          id="webhook-event-type"
          label="Event type"
          className="w-56"
          value={state.eventType}
          options={[{ value: "", label: "Any event type" }, ...eventTypes]}
          onChange={(eventType) => filter({ eventType: eventType || null })}
        />
        <FilterSelect
          id="webhook-product"
          label="Product"
          className="w-48"
          value={state.product}
          options={[
            { value: "", label: "Any product" },
            { value: EVERY_PRODUCT, label: "Every product (none set)" },
            ...productChoices,
          ]}
          onChange={(product) => filter({ product: product || null })}
        />
        {filtered && (
          <ClearFiltersButton
            onClear={() => {
              setSearch("");
              filter({ q: null, status: null, eventType: null, product: null });
            }}
          />
        )}
      </DataTableToolbar>

      <DataTable
        table={table}
        caption={`Webhooks, ${total} in all`}
        busy={isLoading}
        keepHeaderWhenEmpty
        rowHref={webhookHref}
        empty={
          <EmptyState
            icon={<SearchX />}
            title="No webhooks match"
            description="Try another search or clear the filters."
          />
        }
      />

      <DataTableFooter label="Pagination">
        <p data-testid="pagination-summary">
          {total === 0 ? "No webhooks" : `${first}–${last} of ${total}`}
        </p>
        <PagePager
          page={state.page}
          pageCount={pageCount}
          perPage={state.perPage}
          pageSizes={PAGE_SIZES}
          onPage={(page) => void setState({ page: page > 1 ? page : null })}
          onPerPage={(perPage) => filter({ perPage })}
        />
      </DataTableFooter>
    </Card>
  );
}
