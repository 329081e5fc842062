"use client";

import { MoreHorizontal, Pencil, Power, PowerOff, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Switch } from "@/components/ui/switch";
import { deleteWebhookAction, setWebhookEnabledAction } from "@/lib/webhooks/actions";

/** Enables or disables a webhook at once, showing the new state before the server answers. */
export function useToggleEnabled(id: string, name: string, enabled: boolean) {
  const [optimistic, setOptimistic] = React.useOptimistic(enabled);
  const [pending, startTransition] = React.useTransition();
  const toggle = (next: boolean) =>
    startTransition(async () => {
      setOptimistic(next);
      const result = await setWebhookEnabledAction({ id, enabled: next });
      toastResult(result, `${name} ${next ? "enabled" : "disabled"}`);
    });
  return { enabled: optimistic, pending, toggle };
}

export function WebhookEnabledSwitch({
  id,
  name,
  enabled,
  disabledReason,
  canManage,
}: {
  id: string;
  name: string;
  enabled: boolean;
  disabledReason: string | null;
  canManage: boolean;
}) {
  const state = useToggleEnabled(id, name, enabled);
  const label = state.enabled ? "Enabled" : "Disabled";
  if (!canManage) {
    return (
      <Badge tone={enabled ? "success" : "neutral"} title={disabledReason ?? undefined}>
        {enabled ? "Enabled" : "Disabled"}
      </Badge>
    );
  }
  return (
    <div className="flex items-center gap-2">
      <Switch
        checked={state.enabled}
        disabled={state.pending}
        onCheckedChange={state.toggle}
        aria-label={`Enabled: ${name}`}
      />
      <span className="text-slate-700" title={disabledReason ?? undefined}>
        {label}
      </span>
    </div>
  );
}

/** Asks before deleting; `onDeleted` runs after the webhook is gone. */
export function DeleteWebhookDialog({
  id,
  name,
  open,
  onOpenChange,
  trigger,
  onDeleted,
}: {
  id: string;
  name: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  trigger?: React.ReactNode;
  onDeleted?: () => void;
}) {
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={trigger}
      title={`Delete ${name}?`}
      description="The webhook stops receiving events and its settings are removed. This cannot be undone."
      confirmLabel="Delete webhook"
      onConfirm={async () => {
        const result = await deleteWebhookAction({ id });
        if (toastResult(result, `${name} deleted`)) onDeleted?.();
      }}
    />
  );
}

export function WebhookRowMenu({
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
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const state = useToggleEnabled(id, name, enabled);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${name}`}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuItem onSelect={() => router.push(`/webhooks/${id}`)}>
            <Pencil aria-hidden />
            {canManage ? "View and edit" : "View"}
          </DropdownMenuItem>
          {canManage && (
            <>
              <DropdownMenuItem onSelect={() => state.toggle(!state.enabled)}>
                {state.enabled ? <PowerOff aria-hidden /> : <Power aria-hidden />}
                {state.enabled ? "Disable" : "Enable"}
              </DropdownMenuItem>
              <DropdownMenuItem destructive onSelect={() => setConfirmOpen(true)}>
                <Trash2 aria-hidden />
                Delete
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      {canManage && (
        <DeleteWebhookDialog id={id} name={name} open={confirmOpen} onOpenChange={setConfirmOpen} />
      )}
    </>
  );
}
