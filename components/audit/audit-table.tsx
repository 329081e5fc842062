"use client";

import { History } from "lucide-react";
import * as React from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFooter, KeysetPager } from "@/components/data-table/footer";
import { DataTableToolbar, FilterSelect, ToolbarField } from "@/components/data-table/toolbar";
import { useServerTable, useUrlTableState } from "@/components/data-table/use-data-table";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { AUDIT_ENTITY_TYPES, type AuditEntityType } from "@/db/schema/enums";
import type { AuditRow } from "@/lib/audit/queries";
import { AUDIT_RANGES, auditListParsers, type AuditRange } from "@/lib/audit/search-params";
import { auditColumns } from "./audit-columns";

const RANGE_LABELS: Record<AuditRange, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "Any time",
};

const ENTITY_OPTIONS = [
  { value: "", label: "Everything" },
  ...AUDIT_ENTITY_TYPES.map((t) => ({ value: t, label: t.replace("_", " ") })),
] as const;
const RANGE_OPTIONS = AUDIT_RANGES.map((r) => ({ value: r, label: RANGE_LABELS[r] }));

/** Who did what and when, across the console: filtered and paged through the URL. */
export function AuditTable({
  rows,
  olderCursor,
}: {
  rows: AuditRow[];
  olderCursor: number | null;
}) {
  const { state, setState, filter, isLoading } = useUrlTableState(auditListParsers, {
    history: "push",
    pageKeys: ["older"],
  });
  const [actor, setActor] = React.useState(state.actor);
  const [q, setQ] = React.useState(state.q);
  const table = useServerTable({
    data: rows,
    columns: auditColumns,
    getRowId: (row) => String(row.id),
  });

  return (
    <Card>
      <DataTableToolbar
        onSubmit={() => filter({ actor: actor.trim() || null, q: q.trim() || null })}
      >
        <ToolbarField id="audit-actor" label="Who" className="min-w-48 flex-1">
          <Input
            id="audit-actor"
            type="search"
            placeholder="Email or API key name"
            value={actor}
            onChange={(e) => setActor(e.target.value)}
          />
        </ToolbarField>
        <ToolbarField id="audit-q" label="Action or id" className="min-w-48 flex-1">
          <Input
            id="audit-q"
            type="search"
            placeholder="secret.revealed, WH-123-456-789…"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </ToolbarField>
        <FilterSelect
          id="audit-entity"
          label="Kind"
          value={state.entity ?? ""}
          options={ENTITY_OPTIONS}
          onChange={(entity) => filter({ entity: (entity || null) as AuditEntityType | null })}
        />
        <FilterSelect
          id="audit-range"
          label="When"
          value={state.range}
          options={RANGE_OPTIONS}
          onChange={(range) => filter({ range })}
        />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </DataTableToolbar>

      <DataTable
        table={table}
        caption="Audit log"
        busy={isLoading}
        empty={
          <EmptyState
            icon={<History />}
            title="Nothing recorded"
            description="No entry matches these filters."
          />
        }
      />

      <DataTableFooter className="justify-end">
        <KeysetPager
          newest={state.older ? () => filter({}) : undefined}
          older={olderCursor ? () => void setState({ older: olderCursor }) : null}
        />
      </DataTableFooter>
    </Card>
  );
}
