"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/**
 * The line under a table: its count, what the entity adds, and a pager. A footer that only
 * pages is a navigation landmark (`label`).
 */
export function DataTableFooter({
  label,
  className,
  children,
}: {
  label?: string;
  className?: string;
  children: React.ReactNode;
}) {
  const classes = cn(
    "flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-700",
    className,
  );
  return label ? (
    <nav aria-label={label} className={classes}>
      {children}
    </nav>
  ) : (
    <div className={classes}>{children}</div>
  );
}

/**
 * How many rows match, in words. Past the range counted exactly the figure is the planner's
 * estimate (`capped`), rounded to look like one.
 */
export function countLabel(
  { count, capped }: { count: number; capped: boolean },
  [one, many]: [string, string],
) {
  if (capped) return `About ${Number(count.toPrecision(2)).toLocaleString("en-US")} ${many}`;
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/**
 * Keyset paging through a log, newest first: each button is given only when it can go
 * somewhere (`null` disables it; `newer` left out means the log is read backwards only).
 */
export function KeysetPager({
  newest,
  newer,
  older,
}: {
  /** Back to the first page; left out when on it. */
  newest?: () => void;
  newer?: (() => void) | null;
  older: (() => void) | null;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {newest && (
        <Button variant="ghost" size="sm" onClick={newest}>
          Newest
        </Button>
      )}
      {newer !== undefined && (
        <Button variant="secondary" size="sm" disabled={!newer} onClick={newer ?? undefined}>
          <ChevronLeft aria-hidden />
          Newer
        </Button>
      )}
      <Button variant="secondary" size="sm" disabled={!older} onClick={older ?? undefined}>
        Older
        <ChevronRight aria-hidden />
      </Button>
    </div>
  );
}

/** Numbered pages of a list whose size is known, with a choice of page size. */
export function PagePager({
  page,
  pageCount,
  perPage,
  pageSizes,
  onPage,
  onPerPage,
}: {
  page: number;
  pageCount: number;
  perPage: number;
  pageSizes: readonly number[];
  onPage: (page: number) => void;
  onPerPage: (perPage: number) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <label className="flex items-center gap-2">
        Rows per page
        <Select
          className="w-24"
          value={perPage}
          onChange={(e) => onPerPage(Number(e.target.value))}
        >
          {pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </Select>
      </label>
      <span>
        Page {page} of {pageCount}
      </span>
      <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <Button
        variant="secondary"
        size="sm"
        disabled={page >= pageCount}
        onClick={() => onPage(page + 1)}
      >
        Next
      </Button>
    </div>
  );
}
