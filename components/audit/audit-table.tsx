"use client";

import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { ChevronRight, History } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { AUDIT_ENTITY_TYPES, type AuditEntityType } from "@/db/schema/audit";
import type { AuditRow } from "@/lib/audit/queries";
import { AUDIT_RANGES, auditListParsers } from "@/lib/audit/search-params";
import { formatDateTime } from "@/lib/utils";

const RANGE_LABELS: Record<(typeof AUDIT_RANGES)[number], string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "Any time",
};

const show = (value: unknown) =>
  value === null || value === undefined
    ? "—"
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

/** Where an entry's entity lives in the console, when it has a page. */
function entityHref(row: AuditRow): string | null {
  if (row.entityType === "webhook") return `/webhooks/${row.entityId}`;
  if (row.entityType === "event_type") return "/event-types";
  if (row.entityType === "api_key" || row.entityType === "user" || row.entityType === "settings")
    return "/settings";
  return null;
}

function Changes({ changes }: { changes: AuditRow["changes"] }) {
  const entries = Object.entries(changes ?? {});
  if (!entries.length) return <span className="text-slate-500">—</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {entries.slice(0, 6).map(([field, { from, to }]) => (
        <li key={field} className="max-w-md truncate" title={`${show(from)} → ${show(to)}`}>
          <span className="font-medium text-slate-800">{field}</span>{" "}
          <span className="text-slate-600">{show(from)}</span> →{" "}
          <span className="text-slate-900">{show(to)}</span>
        </li>
      ))}
      {entries.length > 6 && <li className="text-slate-600">and {entries.length - 6} more</li>}
    </ul>
  );
}

/** Who did what and when, across the console: filtered and paged through the URL. */
export function AuditTable({
  rows,
  olderCursor,
}: {
  rows: AuditRow[];
  olderCursor: number | null;
}) {
  const [isLoading, startTransition] = React.useTransition();
  const [state, setState] = useQueryStates(auditListParsers, {
    shallow: false,
    startTransition,
    history: "push",
  });
  const [actor, setActor] = React.useState(state.actor);
  const [q, setQ] = React.useState(state.q);
  type Patch = { [K in keyof typeof state]?: (typeof state)[K] | null };
  const filter = (patch: Patch) => void setState({ ...patch, older: null });

  const columns = React.useMemo<ColumnDef<AuditRow>[]>(
    () => [
      {
        id: "at",
        header: "When",
        cell: ({ row }) => (
          <time dateTime={row.original.at.toISOString()} className="whitespace-nowrap">
            {formatDateTime(row.original.at)}
          </time>
        ),
      },
      {
        id: "actor",
        header: "Who",
        cell: ({ row }) => <span className="text-slate-900">{row.original.actorLabel}</span>,
      },
      {
        id: "action",
        header: "Did",
        cell: ({ row }) => (
          <Badge tone={row.original.action.startsWith("secret.") ? "warning" : "neutral"}>
            {row.original.action}
          </Badge>
        ),
      },
      {
        id: "entity",
        header: "To",
        cell: ({ row }) => {
          const href = entityHref(row.original);
          const label = (
            <>
              <span className="text-slate-600">{row.original.entityType.replace("_", " ")}</span>{" "}
              <span className="font-mono text-xs">{row.original.entityId}</span>
            </>
          );
          return href ? (
            <Link href={href} className="hover:underline">
              {label}
            </Link>
          ) : (
            label
          );
        },
      },
      {
        id: "changes",
        header: "Changes",
        cell: ({ row }) => <Changes changes={row.original.changes} />,
      },
    ],
    [],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- rows and paging come from the server
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => String(row.id),
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualFiltering: true,
  });

  return (
    <Card>
      <form
        role="search"
        className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
        onSubmit={(event) => {
          event.preventDefault();
          filter({ actor: actor.trim() || null, q: q.trim() || null });
        }}
      >
        <div className="min-w-48 flex-1">
          <label htmlFor="audit-actor" className="block text-xs font-medium text-slate-700">
            Who
          </label>
          <Input
            id="audit-actor"
            type="search"
            placeholder="Email or API key name"
            value={actor}
            onChange={(e) => setActor(e.target.value)}
          />
        </div>
        <div className="min-w-48 flex-1">
          <label htmlFor="audit-q" className="block text-xs font-medium text-slate-700">
            Action or id
          </label>
          <Input
            id="audit-q"
            type="search"
            placeholder="secret.revealed, WH-123-456-789…"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="audit-entity" className="block text-xs font-medium text-slate-700">
            Kind
          </label>
          <Select
            id="audit-entity"
            value={state.entity ?? ""}
            onChange={(e) => filter({ entity: (e.target.value || null) as AuditEntityType | null })}
          >
            <option value="">Everything</option>
            {AUDIT_ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace("_", " ")}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="audit-range" className="block text-xs font-medium text-slate-700">
            When
          </label>
          <Select
            id="audit-range"
            value={state.range}
            onChange={(e) => filter({ range: e.target.value as (typeof AUDIT_RANGES)[number] })}
          >
            {AUDIT_RANGES.map((r) => (
              <option key={r} value={r}>
                {RANGE_LABELS[r]}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {rows.length === 0 ? (
        <EmptyState
          icon={<History />}
          title="Nothing recorded"
          description="No entry matches these filters."
        />
      ) : (
        <div className="overflow-x-auto" aria-busy={isLoading}>
          <DataTable table={table} caption="Audit log" />
        </div>
      )}
      <div className="flex items-center justify-end gap-2 border-t border-slate-200 px-4 py-3">
        {state.older && (
          <Button variant="ghost" size="sm" onClick={() => void setState({ older: null })}>
            Newest
          </Button>
        )}
        <Button
          variant="secondary"
          size="sm"
          disabled={!olderCursor}
          onClick={() => void setState({ older: olderCursor })}
        >
          Older
          <ChevronRight aria-hidden />
        </Button>
      </div>
    </Card>
  );
}
