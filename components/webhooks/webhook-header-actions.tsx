"use client";

import { ChevronDown, Pencil, Power, PowerOff, Send, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as React from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
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

/** Each part of a webhook has its own form, on its own tab; `?edit=true` opens it. */
const EDIT_CHOICES = [
  { segment: "", label: "General", hint: "Name, events, product" },
  { segment: "/http", label: "HTTP settings", hint: "URL, method, headers, signing" },
  { segment: "/custom-data", label: "Custom data", hint: "JSON sent with every event" },
];

/** Edit names what it edits, so changing the URL does not mean finding the HTTP settings tab. */
function EditMenu({ id }: { id: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="secondary">
          <Pencil aria-hidden />
          Edit
          <ChevronDown aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="min-w-64">
        {EDIT_CHOICES.map((choice) => (
          <DropdownMenuItem key={choice.label} asChild className="flex-col items-start gap-0">
            <Link href={`/webhooks/${id}${choice.segment}?edit=true`}>
              <span className="font-medium text-slate-900">{choice.label}</span>
              <span className="text-xs text-slate-600">{choice.hint}</span>
            </Link>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
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
      <EditMenu id={id} />
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
