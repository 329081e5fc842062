import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { MessagesTable } from "@/components/messages/messages-table";
import { PageHeader } from "@/components/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/event-types/queries";
import { countMessages, listMessages } from "@/lib/messages/queries";
import { messageFiltersOf, messageListCache } from "@/lib/messages/search-params";
import { listWebhookChoices } from "@/lib/webhooks/queries";

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
    listWebhookChoices(db),
  ]);
  return (
    <>
      <PageHeader title="Messages" description="Every delivery to every webhook, newest first." />
      <MessagesTable
        page={page}
        count={count}
        eventTypes={types.map((t) => t.name)}
        webhooks={hooks}
        bulk={can.manageWebhooks(user.role) ? {} : null}
      />
    </>
  );
}
