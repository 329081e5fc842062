import { Card, CardBody, CardHeader, Properties } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { DeliveryCard } from "@/components/webhooks/delivery-card";
import { EditGeneralCard } from "@/components/webhooks/edit-general";
import { WebhookHistory } from "@/components/webhooks/webhook-history";
import { getDb } from "@/db";
import { listAuditForEntity } from "@/lib/audit/queries";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { listEventTypes } from "@/lib/event-types/queries";
import { formatDateTime } from "@/lib/utils";
import { toFormValues } from "@/lib/webhooks/form-values";
import { loadWebhook } from "@/lib/webhooks/load";
import { listKnownProducts } from "@/lib/webhooks/queries";

type Props = { params: Promise<{ id: string }> };

const who = (label: string | null) => label ?? "someone no longer known";

export default async function WebhookDetailsPage({ params }: Props) {
  const user = await requireUser();
  const webhook = await loadWebhook((await params).id);
  const canManage = can.manageWebhooks(user.role);
  const db = getDb();
  const [history, catalog, products] = await Promise.all([
    listAuditForEntity(db, "webhook", webhook.id),
    canManage ? listEventTypes(db) : Promise.resolve([]),
    canManage ? listKnownProducts(db) : Promise.resolve([]),
  ]);
  const values = toFormValues(webhook);
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="min-w-0 space-y-6">
        <EditGeneralCard
          id={webhook.id}
          canManage={canManage}
          values={{
            name: values.name,
            description: values.description,
            enabled: values.enabled,
            eventTypes: values.eventTypes,
            product: values.product,
          }}
          catalog={catalog.map((t) => ({ name: t.name, description: t.description }))}
          products={products}
        >
          <Properties
            items={[
              {
                label: "Status",
                value: (
                  <Badge tone={webhook.enabled ? "success" : "neutral"}>
                    {webhook.enabled ? "Enabled" : "Disabled"}
                  </Badge>
                ),
              },
              { label: "Product", value: webhook.product ?? "Every product" },
              {
                label: "Event types",
                value: (
                  <span className="flex flex-wrap gap-1">
                    {webhook.eventTypes.map((t) => (
                      <Badge key={t} className="font-mono">
                        {t}
                      </Badge>
                    ))}
                  </span>
                ),
              },
              { label: "Description", value: webhook.description || "—" },
              {
                label: "Created",
                value: `${formatDateTime(webhook.createdAt)} by ${who(webhook.createdByLabel)}`,
              },
              {
                label: "Modified",
                value: `${formatDateTime(webhook.updatedAt)} by ${who(webhook.updatedByLabel)}`,
              },
            ]}
          />
        </EditGeneralCard>
        <DeliveryCard
          id={webhook.id}
          url={webhook.url}
          method={webhook.method}
          format={webhook.format}
          signing={webhook.signing}
          canManage={canManage}
        />
      </div>
      <Card>
        <CardHeader title="History" description="Every change to this webhook, newest first." />
        <CardBody>
          <WebhookHistory entries={history} />
        </CardBody>
      </Card>
    </div>
  );
}
