"use client";

import { flexRender, type Table } from "@tanstack/react-table";

/**
 * The markup of a server-paged TanStack table: a caption for screen readers, one header row
 * per header group, a row per record. Sorting, filters and paging live with the caller.
 */
export function DataTable<T>({
  table,
  caption,
  rowTestId,
}: {
  table: Table<T>;
  caption: string;
  rowTestId?: string;
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col" className="px-4 py-2.5 font-medium">
                {flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody className="divide-y divide-slate-200">
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} data-testid={rowTestId} className="hover:bg-slate-50">
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className="px-4 py-2.5 align-top text-slate-700">
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
