import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { AttemptTimeline } from "@/components/messages/attempt-timeline";
import { MessageButtons } from "@/components/messages/message-buttons";
import { isPending, MessageStatusBadge } from "@/components/messages/message-status";
import { Card, CardBody, CardHeader, Properties } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { getDb } from "@/db";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { prettyBody } from "@/lib/messages/pretty";
import { getMessageDetail } from "@/lib/messages/queries";
import { formatDateTime } from "@/lib/utils";
import { loadWebhook } from "@/lib/webhooks/load";

type Props = { params: Promise<{ id: string; messageId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Message ${(await params).messageId}` };
}

const KIND_LABELS = { event: "Event", test: "Test ping", manual: "Manual" } as const;

const SOURCE_LABELS = {
  api: "through the API",
  console: "from the console",
  hookyard: "by Hookyard (an operational alert)",
} as const;

export default async function MessagePage({ params }: Props) {
  const user = await requireUser();
  const { id, messageId } = await params;
  const webhook = await loadWebhook(id);
  const detail = /^msg_[A-Za-z0-9_-]{1,40}$/.test(messageId)
    ? await getMessageDetail(getDb(), messageId)
    : null;
  if (!detail || detail.message.webhookId !== webhook.id) notFound();
  const { message, event, attempts } = detail;
  const lastRequest = attempts.at(-1)?.request;
  const pending = message.status === "created" || message.status === "retrying";
  const payload = lastRequest
    ? prettyBody(lastRequest.body, lastRequest.headers["content-type"])
    : JSON.stringify(message.payload, null, 2);

  return (
    <div className="space-y-6">
      {pending && <AutoRefresh everyMs={3000} />}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <Link
            href={`/webhooks/${webhook.id}/logs`}
            className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline"
          >
            <ArrowLeft aria-hidden className="size-4" />
            Logs
          </Link>
          <h2 className="break-all font-mono text-base font-semibold text-slate-900">
            {message.id}
          </h2>
          <CopyButton value={message.id} what="Message id" label="Copy message id" />
          <span data-testid="message-status">
            <MessageStatusBadge status={message.status} />
          </span>
        </div>
        {can.manageWebhooks(user.role) && (
          <div className="flex flex-wrap gap-2">
            <MessageButtons id={message.id} status={message.status} />
          </div>
        )}
      </div>
      <Card>
        <CardBody>
          <Properties
            items={[
              {
                label: "Event type",
                value: <code className="font-mono">{message.eventType}</code>,
              },
              { label: "Kind", value: KIND_LABELS[message.kind] },
              {
                label: "Event",
                value: event ? (
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span>
                      <code className="font-mono">{event.id}</code>, published{" "}
                      {SOURCE_LABELS[event.source]}{" "}
                      {formatDateTime(event.createdAt)}
                      {event.product ? ` for ${event.product}` : ""}
                    </span>
                    <CopyButton value={event.id} what="Event id" label="Copy event id" />
                  </span>
                ) : (
                  "None (sent from this webhook's page)"
                ),
              },
              { label: "Created", value: formatDateTime(message.createdAt) },
              { label: "Attempts", value: message.attempts },
              {
                label: "Next attempt",
                value:
                  isPending(message.status) && message.nextAttemptAt
                    ? formatDateTime(message.nextAttemptAt)
                    : "—",
              },
              ...(isPending(message.status) && message.waitingReason
                ? [{ label: "Waiting", value: message.waitingReason }]
                : []),
              { label: "Last error", value: message.lastError ?? "—" },
              { label: "Delivery window ends", value: formatDateTime(message.deadlineAt) },
            ]}
          />
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Payload"
          description={
            lastRequest ? "The body as last sent." : "The event payload; nothing has been sent yet."
          }
          actions={payload ? <CopyButton value={payload} what="Payload" /> : undefined}
        />
        <CardBody>
          <pre
            data-testid="message-payload"
            // It scrolls (a long payload, a narrow window); focusable so a keyboard can too.
            tabIndex={0}
            className="max-h-96 overflow-auto rounded-md bg-code p-4 text-xs text-code-fg"
          >
            {payload || "(GET: the fields travel in the query string)"}
          </pre>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Attempts" description="Newest first. Credentials are masked." />
        <CardBody>
          <AttemptTimeline attempts={attempts} />
        </CardBody>
      </Card>
    </div>
  );
}
