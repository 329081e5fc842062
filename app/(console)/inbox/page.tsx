import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { OpenInboxForm } from "@/components/inbox/inbox-controls";
import { PageHeader } from "@/components/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { listInboxes } from "@/lib/inbox/inbox";
import { consoleOrigin, inboxUrl } from "@/lib/inbox/origin";
import { formatDateTime } from "@/lib/utils";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxesPage() {
  await requireUser();
  const [inboxes, origin] = await Promise.all([listInboxes(getDb()), consoleOrigin()]);
  return (
    <>
      <PageHeader
        title="Inbox"
        description="A built-in endpoint that records whatever is sent to it. Point a webhook at an inbox URL, press Trigger Now, and see the request arrive with its headers, body and whether its signature verifies."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Open an inbox"
            description={
              <>
                Its URL is{" "}
                <code className="break-all font-mono text-xs">{inboxUrl(origin, "<name>")}</code>.
                Add <code className="font-mono text-xs">?status=503</code> to make it answer with
                that status and watch the retries.
              </>
            }
          />
          <CardBody>
            <OpenInboxForm suggestion="my-inbox" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Inboxes with requests" />
          {inboxes.length === 0 ? (
            <EmptyState
              icon={<Inbox />}
              title="Nothing received yet"
              description="Inboxes appear here once a request reaches them."
            />
          ) : (
            <ul className="divide-y divide-slate-200">
              {inboxes.map((inbox) => (
                <li
                  key={inbox.inbox}
                  className="flex flex-wrap items-center gap-x-6 gap-y-1 px-5 py-3"
                >
                  <Link
                    href={`/inbox/${inbox.inbox}`}
                    className="font-mono text-sm font-semibold text-brand-700 hover:underline"
                  >
                    {inbox.inbox}
                  </Link>
                  <span className="text-sm text-slate-700">
                    {inbox.requests} {inbox.requests === 1 ? "request" : "requests"}
                  </span>
                  <span className="text-sm text-slate-600">
                    last {formatDateTime(inbox.lastReceivedAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
