"use client";

import { Copy, Eye, EyeOff, RefreshCw } from "lucide-react";
import * as React from "react";
import { toast } from "sonner";
import { toastResult } from "@/components/action-toast";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { regenerateWebhookSecretAction, revealWebhookSecretAction } from "@/lib/webhooks/actions";

/**
 * The signing secret, masked until an editor reveals it. Reveal and copy fetch it from the
 * server each time (and each fetch is audited); nothing keeps it after the page is left.
 */
export function SecretPanel({
  id,
  masked,
  signing,
}: {
  id: string;
  masked: string;
  signing: "standard" | "jwt" | "none";
}) {
  const [secret, setSecret] = React.useState<string | null>(null);
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
            description="Receivers checking signatures with the old secret will reject new requests until they are given the new one."
            confirmLabel="Regenerate"
            onConfirm={async () => {
              const result = await regenerateWebhookSecretAction({ id });
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
