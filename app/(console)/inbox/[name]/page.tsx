import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ClearInboxButton, CopyUrlButton } from "@/components/inbox/inbox-controls";
import { InboxRequestCard } from "@/components/inbox/inbox-request";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { isCredentialName } from "@/lib/webhooks/credentials";
import { INBOX_KEEP, INBOX_NAME_RE, listInboxRequests } from "@/lib/inbox/inbox";
import { consoleOrigin, inboxUrl } from "@/lib/inbox/origin";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ name: string }>;
}): Promise<Metadata> {
  return { title: `Inbox ${(await params).name}` };
}

export default async function InboxPage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  const { name } = await params;
  if (!INBOX_NAME_RE.test(name)) notFound();
  const [requests, origin] = await Promise.all([
    listInboxRequests(getDb(), name, 50),
    consoleOrigin(),
  ]);
  const url = inboxUrl(origin, name);
  // Credentials a webhook sends in custom headers are for editors' eyes only.
  const mask = (header: string) =>
    !can.seeSecrets(user.role) && header !== "webhook-signature" && isCredentialName(header);
  return (
    <>
      <AutoRefresh />
      <PageHeader
        title={`Inbox ${name}`}
        description={
          <>
            Send anything to <code className="break-all font-mono text-xs">{url}</code>. The newest{" "}
            {INBOX_KEEP} requests are kept; this page refreshes itself.
          </>
        }
        actions={
          <>
            <CopyUrlButton url={url} />
            {can.manageWebhooks(user.role) && requests.length > 0 && (
              <ClearInboxButton inbox={name} />
            )}
          </>
        }
      />
      {requests.length === 0 ? (
        <Card>
          <EmptyState
            icon={<Inbox />}
            title="Waiting for the first request"
            description="Create a webhook with this inbox's URL and press Trigger Now on its page."
          />
        </Card>
      ) : (
        <div className="space-y-3">
          {requests.map((request, index) => (
            <InboxRequestCard
              key={request.id}
              request={request}
              maskHeader={mask}
              open={index === 0}
            />
          ))}
        </div>
      )}
    </>
  );
}
