import type { Metadata } from "next";
import { EditCustomDataCard } from "@/components/webhooks/edit-custom-data";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { customDataToText } from "@/lib/webhooks/form-values";
import { loadWebhook } from "@/lib/webhooks/load";

export const metadata: Metadata = { title: "Custom data" };

export default async function WebhookCustomDataPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const user = await requireUser();
  const webhook = await loadWebhook((await params).id);
  return (
    <div className="max-w-3xl">
      <EditCustomDataCard
        id={webhook.id}
        canManage={can.manageWebhooks(user.role)}
        customData={customDataToText(webhook.customData)}
        method={webhook.method}
      />
    </div>
  );
}
