import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { MessagesTable } from "@/components/messages/messages-table";
import { PageHeader } from "@/components/page-header";
import { getDb } from "@/db";
import { webhooks } from "@/db/schema";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/event-types/queries";
import { countMessages, listMessages } from "@/lib/messages/queries";
import { messageFiltersOf, messageListCache } from "@/lib/messages/search-params";

export const metadata: Metadata = { title: "Messages" };

export default async function MessagesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const state = messageListCache.parse(await searchParams);
  const db = getDb();
  const filters = messageFiltersOf(state);
  const [page, count, types, hooks] = await Promise.all([
    listMessages(db, filters, state),
    countMessages(db, filters),
    listEventTypes(db),
    db.select({ id: webhooks.id, name: webhooks.name }).from(webhooks).orderBy(webhooks.name),
  ]);
  return (
    <>
      <PageHeader title="Messages" description="Every delivery to every webhook, newest first." />
      <MessagesTable
        rows={page.rows}
        count={count}
        newerCursor={page.newerCursor}
        olderCursor={page.olderCursor}
        eventTypes={types.map((t) => t.name)}
        webhooks={hooks}
        bulk={can.manageWebhooks(user.role) ? {} : null}
      />
    </>
  );
}
