"use client";

import { Pencil, Power, PowerOff, Send, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as React from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { triggerWebhookAction } from "@/lib/webhooks/actions";
import { DeleteWebhookDialog, useToggleEnabled } from "./webhook-row-controls";

/** Trigger Now: sends the ping and tells how the endpoint answered. */
function TriggerNowButton({ id }: { id: string }) {
  const [pending, startTransition] = React.useTransition();
  return (
    <Button
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await triggerWebhookAction({ id });
          if (!result.ok) return void toast.error(result.error);
          const { status, lastResponseStatus, lastError } = result.data;
          const answer = lastResponseStatus ? `HTTP ${lastResponseStatus}` : (lastError ?? "");
          if (status === "success") toast.success(`Ping delivered: ${answer}`);
          else if (status === "created")
            toast.info("Ping queued; the endpoint has not answered yet");
          else toast.error(`Ping failed: ${lastError ?? answer}`);
        })
      }
    >
      <Send aria-hidden />
      {pending ? "Sending…" : "Trigger Now"}
    </Button>
  );
}

/** Edit, Enable/Disable and Delete on the webhook page; nothing for a viewer. */
export function WebhookHeaderActions({
  id,
  name,
  enabled,
  canManage,
}: {
  id: string;
  name: string;
  enabled: boolean;
  canManage: boolean;
}) {
  const router = useRouter();
  const state = useToggleEnabled(id, name, enabled);
  if (!canManage) return null;
  return (
    <>
      {state.enabled && <TriggerNowButton id={id} />}
      <Button variant="secondary" asChild>
        <Link href={`/webhooks/${id}?edit=true`}>
          <Pencil aria-hidden />
          Edit
        </Link>
      </Button>
      <Button
        variant="secondary"
        disabled={state.pending}
        onClick={() => state.toggle(!state.enabled)}
      >
        {state.enabled ? <PowerOff aria-hidden /> : <Power aria-hidden />}
        {state.enabled ? "Disable" : "Enable"}
      </Button>
      <DeleteWebhookDialog
        id={id}
        name={name}
        onDeleted={() => router.push("/webhooks")}
        trigger={
          <Button variant="danger">
            <Trash2 aria-hidden />
            Delete
          </Button>
        }
      />
    </>
  );
}
