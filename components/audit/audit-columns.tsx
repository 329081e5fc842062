import type { ColumnDef } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import type { AuditRow } from "@/lib/audit/queries";
import { formatDateTime } from "@/lib/utils";

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

/** The audit log's columns: when, who, what, to which entity, and the fields it changed. */
export const auditColumns: ColumnDef<AuditRow>[] = [
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
          {row.original.entityLabel ? (
            <span title={row.original.entityId}>{row.original.entityLabel}</span>
          ) : (
            <span className="font-mono text-xs">{row.original.entityId}</span>
          )}
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
];
