import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import type { SearchParams } from "nuqs/server";
import { Plus } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { WebhooksTable } from "@/components/webhooks/webhooks-table";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { listEventTypes } from "@/lib/event-types/queries";
import { listWebhookProducts, listWebhooks } from "@/lib/webhooks/queries";
import { webhookListCache } from "@/lib/webhooks/search-params";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const raw = await searchParams;
  const params = webhookListCache.parse(raw);
  const db = getDb();
  const [result, types, products, [anyWebhook]] = await Promise.all([
    listWebhooks(db, params),
    listEventTypes(db),
    listWebhookProducts(db),
    // Tells "no webhooks yet" apart from "no webhook matches the filters".
    listWebhooks(db, {
      ...params,
      q: "",
      status: "all",
      eventType: "",
      product: "",
      page: 1,
      perPage: 10,
    }).then((r) => r.rows),
  ]);
  const canManage = can.manageWebhooks(user.role);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive your platform's events."
        actions={
          canManage && (
            <Button asChild>
              <Link href="/webhooks/new">
                <Plus aria-hidden />
                Create webhook
              </Link>
            </Button>
          )
        }
      />
      {raw.denied && (
        <p
          role="alert"
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          That page needs the {raw.denied === "admin" ? "admin" : "editor"} role; your role is{" "}
          {user.role}. Ask an admin for access.
        </p>
      )}
      <WebhooksTable
        rows={result.rows}
        total={result.total}
        pageCount={result.pageCount}
        eventTypes={types.map((t) => t.name)}
        products={products}
        canManage={canManage}
        hasAny={!!anyWebhook}
      />
    </>
  );
}
