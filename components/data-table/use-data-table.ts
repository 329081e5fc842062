"use client";

import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useQueryStates, type Nullable, type UseQueryStatesKeysMap, type Values } from "nuqs";
import * as React from "react";

/**
 * A table's state in the URL through the entity's parser map (the one the page parses on the
 * server). Each change asks the server again inside a transition, so `isLoading` says when
 * rows are on their way; `filter` also drops the paging keys, since a new filter starts at
 * the first page.
 */
export function useUrlTableState<M extends UseQueryStatesKeysMap>(
  parsers: M,
  { history, pageKeys }: { history: "push" | "replace"; pageKeys: readonly (keyof M)[] },
) {
  const [isLoading, startTransition] = React.useTransition();
  const [state, setState] = useQueryStates(parsers, { shallow: false, startTransition, history });
  type Patch = Partial<Nullable<Values<M>>>;
  const filter = (patch: Patch) => {
    const firstPage = Object.fromEntries(pageKeys.map((key) => [key, null])) as Patch;
    void setState({ ...patch, ...firstPage });
  };
  return { state, setState, filter, isLoading };
}

/**
 * A TanStack table over rows the server already filtered, sorted and paged (`manual*`).
 * Sorting is offered only when the caller keeps it, on the columns with an accessor: one
 * column at a time, never removed, ascending first unless a column says `sortDescFirst`.
 */
export function useServerTable<T>({
  data,
  columns,
  getRowId,
  sorting,
}: {
  data: T[];
  columns: ColumnDef<T>[];
  getRowId: (row: T) => string;
  sorting?: { state: SortingState; onChange: (next: SortingState) => void };
}) {
  // eslint-disable-next-line react-hooks/incompatible-library -- the table state is rebuilt from the URL each render
  return useReactTable({
    data,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableSorting: !!sorting,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    state: sorting ? { sorting: sorting.state } : {},
    onSortingChange: (updater) => {
      if (!sorting) return;
      sorting.onChange(typeof updater === "function" ? updater(sorting.state) : updater);
    },
  });
}
