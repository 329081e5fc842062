"use client";

import { flexRender, type Header, type Table } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import * as React from "react";

/**
 * The markup of a server-paged table: a caption for screen readers, a header row whose
 * sortable columns are buttons (with `aria-sort`), a row per record, and `empty` in place of
 * the table when there is none, or under its header with `keepHeaderWhenEmpty`. While the
 * next rows load, the table is marked busy and dimmed.
 */
export function DataTable<T>({
  table,
  caption,
  busy,
  empty,
  keepHeaderWhenEmpty = false,
  rowTestId,
}: {
  table: Table<T>;
  caption: string;
  busy: boolean;
  empty: React.ReactNode;
  keepHeaderWhenEmpty?: boolean;
  rowTestId?: string;
}) {
  const rows = table.getRowModel().rows;
  if (rows.length === 0 && !keepHeaderWhenEmpty) return empty;
  return (
    // Relative, so the table's sr-only labels scroll with it instead of widening the page.
    <div className="relative overflow-x-auto" aria-busy={busy}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody className={busy ? "opacity-60 transition-opacity" : undefined}>
          {rows.map((row) => (
            <tr
              key={row.id}
              data-testid={rowTestId}
              className="border-t border-slate-200 hover:bg-slate-50"
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-4 py-2.5 align-top text-slate-700">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && empty}
    </div>
  );
}

function HeaderCell<T>({ header }: { header: Header<T, unknown> }) {
  const { column } = header;
  const sorted = column.getIsSorted();
  const label = flexRender(column.columnDef.header, header.getContext());
  return (
    <th
      scope="col"
      className="px-4 py-2.5 font-medium"
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
    >
      {column.getCanSort() ? (
        <button
          type="button"
          className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
          onClick={() => column.toggleSorting()}
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
}
