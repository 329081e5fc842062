"use client";

import { flexRender, type Header, type Table } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { cn } from "@/lib/utils";

/** Controls that take a click in a row for themselves (a switch, a menu's trigger: buttons). */
const OWN_CLICK = "a, button, input, select, textarea, label, summary";

type Router = ReturnType<typeof useRouter>;

/**
 * Opens a row on a click anywhere in it, except a click meant for a control in the row or for
 * a menu or dialog one opened (React bubbles those here through their portal, though they are
 * not in the row), and the click that ends a text selection (copying an id or a URL).
 * Ctrl- or Cmd-click opens a new tab, as on a link. The row's primary cell keeps a real link
 * for the keyboard, middle-click and "Open in new tab".
 */
function openRow(event: React.MouseEvent<HTMLTableRowElement>, href: string, router: Router) {
  const target = event.target as Element;
  if (event.defaultPrevented || event.button !== 0) return;
  if (!event.currentTarget.contains(target) || target.closest(OWN_CLICK)) return;
  if (window.getSelection()?.isCollapsed === false) return;
  if (event.metaKey || event.ctrlKey) window.open(href, "_blank", "noopener");
  else if (!event.shiftKey && !event.altKey) router.push(href);
}

/**
 * The markup of a server-paged table: a caption for screen readers, a header row whose
 * sortable columns are buttons (with `aria-sort`), a row per record, and `empty` in place of
 * the table when there is none, or under its header with `keepHeaderWhenEmpty`. While the
 * next rows load, the table is marked busy and dimmed. With `rowHref`, a click anywhere in a
 * row opens that address (see openRow).
 */
export function DataTable<T>({
  table,
  caption,
  busy,
  empty,
  keepHeaderWhenEmpty = false,
  rowTestId,
  rowHref,
}: {
  table: Table<T>;
  caption: string;
  busy: boolean;
  empty: React.ReactNode;
  keepHeaderWhenEmpty?: boolean;
  rowTestId?: string;
  /** Where a row leads; its primary cell should hold a link to the same address. */
  rowHref?: (row: T) => string;
}) {
  const router = useRouter();
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
              className={cn(
                "border-t border-slate-200 hover:bg-slate-50",
                rowHref && "cursor-pointer",
              )}
              onClick={
                rowHref ? (event) => openRow(event, rowHref(row.original), router) : undefined
              }
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
