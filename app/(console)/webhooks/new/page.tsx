import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { WebhookWizard } from "@/components/webhook-form/wizard";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/event-types/queries";
import { listKnownProducts } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Create webhook" };

export default async function NewWebhookPage() {
  await requireUser("editor");
  const db = getDb();
  const [catalog, products] = await Promise.all([listEventTypes(db), listKnownProducts(db)]);
  return (
    <>
      <PageHeader
        title="Create webhook"
        description="Five short steps; nothing is saved until you press Create."
      />
      <WebhookWizard
        catalog={catalog.map((t) => ({ name: t.name, description: t.description }))}
        products={products}
      />
    </>
  );
}
