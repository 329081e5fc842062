"use client";

import { Copy, Eye, EyeOff, RefreshCw } from "lucide-react";
import * as React from "react";
import { toast } from "sonner";
import { toastResult } from "@/components/action-toast";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { regenerateWebhookSecretAction, revealWebhookSecretAction } from "@/lib/webhooks/actions";
import { formatDateTime } from "@/lib/utils";

/** How long the replaced secret keeps signing after a rotation (Svix keeps it a day). */
const GRACE_CHOICES = [
  { seconds: 0, label: "Not at all: it stops at once" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
  { seconds: 3 * 86_400, label: "3 days" },
  { seconds: 7 * 86_400, label: "7 days" },
];

/**
 * The signing secret, masked until an editor reveals it. Reveal and copy fetch it from the
 * server each time (and each fetch is audited); nothing keeps it after the page is left.
 * Regenerate keeps the old secret signing beside the new one for a grace period chosen in
 * the dialog, and the panel says until when.
 */
export function SecretPanel({
  id,
  masked,
  signing,
  previousSecretExpiresAt,
}: {
  id: string;
  masked: string;
  signing: "standard" | "jwt" | "none";
  /** After a rotation, until when the old secret still signs (ISO); null when it does not. */
  previousSecretExpiresAt: string | null;
}) {
  const [secret, setSecret] = React.useState<string | null>(null);
  const [grace, setGrace] = React.useState(86_400);
  const graceId = React.useId();
  const [pending, startTransition] = React.useTransition();

  async function fetchSecret(): Promise<string | null> {
    const result = await revealWebhookSecretAction({ id });
    if (!result.ok) {
      toast.error(result.error);
      return null;
    }
    return result.data.secret;
  }

  const reveal = () =>
    startTransition(async () => {
      if (secret) return setSecret(null);
      setSecret(await fetchSecret());
    });

  const copy = () =>
    startTransition(async () => {
      const value = secret ?? (await fetchSecret());
      if (!value) return;
      try {
        await navigator.clipboard.writeText(value);
        toast.success("Secret copied to the clipboard");
      } catch {
        setSecret(value);
        toast.error("The browser refused the clipboard; the secret is shown so you can copy it.");
      }
    });

  return (
    <Card>
      <CardHeader
        title="Signing secret"
        description={
          signing === "none"
            ? "Not used while signing is off; kept for when you turn it on."
            : signing === "jwt"
              ? "The HS256 key of the JWT bearer token."
              : "The key of the webhook-signature HMAC (Standard Webhooks)."
        }
      />
      <CardBody className="space-y-4">
        <code
          data-testid="webhook-secret"
          className="block break-all rounded-md bg-slate-100 px-3 py-2 font-mono text-[13px] text-slate-900"
        >
          {secret ?? masked}
        </code>
        {previousSecretExpiresAt && (
          <p className="text-sm text-slate-700" data-testid="previous-secret">
            {signing === "jwt"
              ? `The previous secret is kept until ${formatDateTime(previousSecretExpiresAt)}, but JWT tokens are signed with the new one only.`
              : `The previous secret also signs every delivery until ${formatDateTime(previousSecretExpiresAt)}: receivers still on it keep verifying.`}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={reveal} disabled={pending}>
            {secret ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
            {secret ? "Hide" : "Reveal"}
          </Button>
          <Button variant="secondary" size="sm" onClick={copy} disabled={pending}>
            <Copy aria-hidden />
            Copy
          </Button>
          <ConfirmDialog
            title="Regenerate the secret?"
            description={
              <span className="block space-y-3">
                <span className="block">
                  A new secret signs every delivery from now on. Meanwhile the old one can keep
                  signing beside it (two signatures in <code>webhook-signature</code>), so receivers
                  can switch without rejecting anything. JWT tokens use the new secret at once.
                </span>
                <span className="block">
                  <label htmlFor={graceId} className="mb-1 block font-medium text-slate-900">
                    Keep the old secret signing for
                  </label>
                  <Select
                    id={graceId}
                    value={grace}
                    onChange={(e) => setGrace(Number(e.target.value))}
                  >
                    {GRACE_CHOICES.map((c) => (
                      <option key={c.seconds} value={c.seconds}>
                        {c.label}
                      </option>
                    ))}
                  </Select>
                </span>
              </span>
            }
            confirmLabel="Regenerate"
            onConfirm={async () => {
              const result = await regenerateWebhookSecretAction({ id, graceSeconds: grace });
              if (toastResult(result, "A new secret is in use")) setSecret(null);
            }}
            trigger={
              <Button variant="secondary" size="sm" disabled={pending}>
                <RefreshCw aria-hidden />
                Regenerate
              </Button>
            }
          />
        </div>
      </CardBody>
    </Card>
  );
}
