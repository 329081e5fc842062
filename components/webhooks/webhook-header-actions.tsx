"use client";

import { Pencil, Power, PowerOff, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { DeleteWebhookDialog, useToggleEnabled } from "./webhook-row-controls";

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
