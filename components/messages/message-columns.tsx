import type { ColumnDef } from "@tanstack/react-table";
import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import type { MessageRow } from "@/lib/messages/queries";
import { formatDateTime } from "@/lib/utils";
import { isPending, MessageStatusBadge } from "./message-status";

function lastAnswer(row: MessageRow) {
  if (row.lastResponseStatus) return `HTTP ${row.lastResponseStatus}`;
  if (row.lastError) return row.lastError;
  return "—";
}

const webhookColumn: ColumnDef<MessageRow> = {
  id: "webhook",
  header: "Webhook",
  cell: ({ row }) => (
    <Link href={`/webhooks/${row.original.webhookId}`} className="text-slate-900 hover:underline">
      {row.original.webhookName}
    </Link>
  ),
};

/** A message's page: the row opens it, and its time links to it. */
export const messageHref = (row: MessageRow) => `/webhooks/${row.webhookId}/logs/${row.id}`;

/** A message log's columns; the console-wide list adds which webhook each went to. */
export function messageColumns({ showWebhook }: { showWebhook: boolean }): ColumnDef<MessageRow>[] {
  return [
    {
      id: "createdAt",
      header: "Time",
      cell: ({ row }) => (
        <Link
          href={messageHref(row.original)}
          className="block min-w-36 text-brand-700 hover:underline"
        >
          <time dateTime={row.original.createdAt.toISOString()}>
            {formatDateTime(row.original.createdAt)}
          </time>
          <span className="block font-mono text-xs text-slate-600">{row.original.id}</span>
        </Link>
      ),
    },
    ...(showWebhook ? [webhookColumn] : []),
    {
      id: "eventType",
      header: "Event type",
      cell: ({ row }) => (
        <span className="flex flex-wrap items-center gap-1.5">
          <code className="font-mono text-xs text-slate-900">{row.original.eventType}</code>
          {row.original.kind === "test" && <Badge tone="info">Test</Badge>}
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => <MessageStatusBadge status={row.original.status} />,
    },
    {
      id: "attempts",
      header: "Attempts",
      cell: ({ row }) => <span className="tabular-nums">{row.original.attempts}</span>,
    },
    {
      id: "lastAnswer",
      header: "Last response",
      cell: ({ row }) => (
        <span className="block max-w-56 truncate text-slate-700" title={lastAnswer(row.original)}>
          {lastAnswer(row.original)}
        </span>
      ),
    },
    {
      id: "nextAttemptAt",
      header: "Next attempt",
      cell: ({ row }) =>
        isPending(row.original.status) && row.original.nextAttemptAt ? (
          <span className="block">
            <time dateTime={row.original.nextAttemptAt.toISOString()} className="text-slate-700">
              {formatDateTime(row.original.nextAttemptAt)}
            </time>
            {row.original.waitingReason && (
              <span className="block max-w-56 truncate text-xs text-slate-600">
                {row.original.waitingReason}
              </span>
            )}
          </span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
  ];
}
