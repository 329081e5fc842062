import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/page-header";
import { WebhookHeaderActions } from "@/components/webhooks/webhook-header-actions";
import { WebhookTabs } from "@/components/webhooks/webhook-tabs";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { loadWebhook } from "@/lib/webhooks/load";

type Props = { params: Promise<{ id: string }>; children: React.ReactNode };

export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  await requireUser();
  const webhook = await loadWebhook((await params).id);
  return { title: webhook.name };
}

export default async function WebhookLayout({ params, children }: Props) {
  const user = await requireUser();
  const webhook = await loadWebhook((await params).id);
  const canManage = can.manageWebhooks(user.role);
  return (
    <>
      <PageHeader
        title={webhook.name}
        actions={
          <WebhookHeaderActions
            id={webhook.id}
            name={webhook.name}
            enabled={webhook.enabled}
            canManage={canManage}
            product={webhook.product}
          />
        }
      >
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <code className="font-mono" data-testid="webhook-id">
            {webhook.id}
          </code>
          <CopyButton value={webhook.id} what="Webhook id" label="Copy webhook id" />
          <Badge tone={webhook.enabled ? "success" : "neutral"} data-testid="webhook-status">
            {webhook.enabled ? "Enabled" : "Disabled"}
          </Badge>
          {!webhook.enabled && webhook.disabledReason && (
            <span className="text-amber-800">{webhook.disabledReason}</span>
          )}
        </div>
      </PageHeader>
      <WebhookTabs id={webhook.id} />
      <div className="mt-6">{children}</div>
    </>
  );
}
