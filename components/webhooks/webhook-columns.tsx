import type { ColumnDef } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/utils";
import type { WebhookListRow } from "@/lib/webhooks/queries";
import { WebhookHealthBadge } from "./webhook-health-badge";
import { WebhookEnabledSwitch, WebhookRowMenu } from "./webhook-row-controls";

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

/** A webhook's page: the row opens it, and its name links to it. */
export const webhookHref = (row: WebhookListRow) => `/webhooks/${row.id}`;

/**
 * The webhook list's columns. The sortable ones have an accessor, whose key is the sort key
 * in the URL (lib/webhooks/search-params.ts); a date starts newest first. Without `canManage` the
 * status is a badge and the row menu only views.
 */
export function webhookColumns(canManage: boolean): ColumnDef<WebhookListRow>[] {
  return [
    {
      accessorKey: "name",
      header: "Name",
      cell: ({ row }) => (
        <div className="min-w-40">
          <Link
            href={webhookHref(row.original)}
            className="font-medium text-brand-700 hover:underline"
          >
            {row.original.name}
          </Link>
          <div className="font-mono text-xs text-slate-600">{row.original.id}</div>
        </div>
      ),
    },
    {
      accessorKey: "url",
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
      cell: ({ row }) => <EventList types={row.original.eventTypes} />,
    },
    {
      id: "status",
      header: "Status",
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
      id: "health",
      header: "Health",
      cell: ({ row }) => <WebhookHealthBadge webhook={row.original} />,
    },
    {
      id: "product",
      header: "Product",
      cell: ({ row }) =>
        row.original.product ? (
          <span className="font-mono text-xs text-slate-800">{row.original.product}</span>
        ) : (
          <span className="whitespace-nowrap text-slate-600">Every product</span>
        ),
    },
    {
      accessorKey: "createdAt",
      header: "Created",
      sortDescFirst: true,
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
      cell: ({ row }) => (
        <WebhookRowMenu
          id={row.original.id}
          name={row.original.name}
          enabled={row.original.enabled}
          canManage={canManage}
        />
      ),
    },
  ];
}
