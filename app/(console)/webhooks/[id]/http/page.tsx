import type { Metadata } from "next";
import { Properties } from "@/components/ui/card";
import { EditHttpCard } from "@/components/webhooks/edit-http";
import { SecretPanel } from "@/components/webhooks/secret-panel";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { decryptSecret, maskSecret } from "@/lib/crypto/secrets";
import { toHttpFormValues } from "@/lib/webhooks/form-values";
import { loadWebhook } from "@/lib/webhooks/load";
import {
  FORMAT_LABELS,
  RETRY_POLICY_LABELS,
  SIGNING_LABELS,
} from "@/components/webhook-form/labels";

export const metadata: Metadata = { title: "HTTP settings" };

/** The secret's last characters, to tell secrets apart; never the secret itself. */
function maskedSecret(sealed: string): string {
  try {
    return maskSecret(decryptSecret(sealed));
  } catch {
    return "(cannot be decrypted with the current key)";
  }
}

export default async function WebhookHttpPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const webhook = await loadWebhook((await params).id);
  const canManage = can.manageWebhooks(user.role);
  const http = toHttpFormValues(webhook);
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <EditHttpCard
        id={webhook.id}
        canManage={canManage}
        values={http}
        subscription={{
          eventTypes: webhook.eventTypes,
          product: webhook.product,
          customData: webhook.customData ?? null,
        }}
      >
        <Properties
          items={[
            { label: "Method", value: webhook.method },
            {
              label: "URL",
              value: <code className="font-mono text-[13px] break-all">{webhook.url}</code>,
            },
            { label: "Payload format", value: FORMAT_LABELS[webhook.format] },
            { label: "Signing", value: SIGNING_LABELS[webhook.signing] },
            {
              label: "Custom headers",
              value: http.headers.length ? (
                <ul className="font-mono text-[13px]">
                  {http.headers.map((h) => (
                    <li key={h.name}>
                      {h.name}: {h.value}
                      {h.secret && (
                        <span className="font-sans text-xs text-slate-600"> (secret)</span>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                "None"
              ),
            },
            {
              label: "Timeouts",
              value: `Connect ${http.connectTimeoutSeconds} s, response ${http.responseTimeoutSeconds} s`,
            },
            {
              label: "Retry policy",
              value:
                webhook.retryPolicy === "custom"
                  ? `Custom: ${webhook.retrySchedule?.join(", ")} seconds, on ${webhook.retryOn === "5xx" ? "5xx and network errors" : "any failure"}`
                  : RETRY_POLICY_LABELS[webhook.retryPolicy],
            },
            {
              label: "A failed Test ping",
              value: webhook.disableOnFailedTest ? "Disables the webhook" : "Is only reported",
            },
            {
              label: "Rate limit",
              value: webhook.rateLimitPerSecond
                ? `${webhook.rateLimitPerSecond.toLocaleString("en-US")} ${webhook.rateLimitPerSecond === 1 ? "delivery" : "deliveries"} per second`
                : "None",
            },
            {
              label: "Trace context",
              value: webhook.forwardTraceparent ? "Forwarded (traceparent)" : "Not sent",
            },
            {
              label: "Payload filter",
              value: webhook.filter ? (
                <code className="font-mono text-[13px] break-all" data-testid="filter-shown">
                  {webhook.filter}
                </code>
              ) : (
                "None: every subscribed event"
              ),
            },
          ]}
        />
      </EditHttpCard>
      {canManage ? (
        <SecretPanel
          id={webhook.id}
          masked={maskedSecret(webhook.secretEncrypted)}
          signing={webhook.signing}
          previousSecretExpiresAt={
            webhook.previousSecretEncrypted &&
            webhook.previousSecretExpiresAt &&
            webhook.previousSecretExpiresAt > new Date()
              ? webhook.previousSecretExpiresAt.toISOString()
              : null
          }
        />
      ) : (
        <p className="text-sm text-slate-600">
          The signing secret is visible to editors and admins only.
        </p>
      )}
    </div>
  );
}
