import type { SearchParams } from "nuqs/server";
import { MessagesTable } from "@/components/messages/messages-table";
import { getDb } from "@/db";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/event-types/queries";
import { countMessages, listMessages } from "@/lib/messages/queries";
import { messageFiltersOf, messageListCache } from "@/lib/messages/search-params";
import { loadWebhook } from "@/lib/webhooks/load";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export default async function WebhookLogsPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const webhook = await loadWebhook((await params).id);
  const state = messageListCache.parse(await searchParams);
  const db = getDb();
  const filters = messageFiltersOf(state, webhook.id);
  const [page, count, types] = await Promise.all([
    listMessages(db, filters, state),
    countMessages(db, filters),
    listEventTypes(db),
  ]);
  return (
    <MessagesTable
      page={page}
      count={count}
      eventTypes={types.map((t) => t.name)}
      bulk={can.manageWebhooks(user.role) ? { webhookId: webhook.id } : null}
    />
  );
}
