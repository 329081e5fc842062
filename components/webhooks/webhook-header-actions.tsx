"use client";

import { ChevronDown, Pencil, Power, PowerOff, Send, Trash2 } from "lucide-react";
import { Link } from "@/components/ui/link";
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
import { SendExample } from "@/components/event-types/send-example";
import { triggerWebhookAction } from "@/lib/webhooks/actions";
import { DeleteWebhookDialog, useToggleEnabled } from "./webhook-row-controls";

type TriggerAnswer = Extract<
  Awaited<ReturnType<typeof triggerWebhookAction>>,
  { ok: true }
>["data"];

/** How the ping went, in words: what the endpoint answered, or why there is no answer yet. */
function describePing({
  status,
  lastResponseStatus,
  lastError,
  durationMs,
  paused,
}: TriggerAnswer) {
  const answer = lastResponseStatus ? `HTTP ${lastResponseStatus}` : (lastError ?? "");
  const took = durationMs === null ? "" : ` in ${durationMs.toLocaleString("en-US")} ms`;
  if (paused) return "Deliveries are paused: the ping waits and goes out when they resume.";
  if (status === "success") return `Ping delivered: ${answer}${took}.`;
  if (status === "created") return "Ping queued; the endpoint has not answered yet.";
  return `Ping failed: ${lastError ?? answer}${took}.`;
}

/**
 * Trigger Now: sends the ping and shows, beside the button, how the endpoint answered and a
 * link to the attempt; the rest of the page catches up after.
 */
function TriggerNowButton({ id }: { id: string }) {
  const router = useRouter();
  const [pending, startTransition] = React.useTransition();
  const [answer, setAnswer] = React.useState<TriggerAnswer | null>(null);
  // The Logs and Details show the ping too: refresh them once the answer is on screen, as a
  // step of its own after the action rather than part of it.
  React.useEffect(() => {
    if (answer) router.refresh();
  }, [answer, router]);
  const tone =
    answer?.status === "success"
      ? "text-green-800"
      : answer && !answer.paused && answer.status !== "created"
        ? "text-red-700"
        : "text-slate-700";
  return (
    <>
      <Button
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setAnswer(null);
            const result = await triggerWebhookAction({ id });
            if (!result.ok) return void toast.error(result.error);
            setAnswer(result.data);
          })
        }
      >
        <Send aria-hidden />
        {pending ? "Sending…" : "Trigger Now"}
      </Button>
      <p role="status" className={`basis-full text-sm sm:order-first sm:basis-auto ${tone}`}>
        {answer && (
          <>
            {describePing(answer)}{" "}
            <Link
              href={`/webhooks/${id}/logs/${answer.messageId}`}
              className="font-medium text-brand-700 underline"
            >
              {answer.status === "created" ? "View the message" : "View the attempt"}
            </Link>
          </>
        )}
      </p>
    </>
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

/**
 * Trigger Now, Send example, Edit, Enable/Disable and Delete on the webhook page; nothing for
 * a viewer.
 */
export function WebhookHeaderActions({
  id,
  name,
  enabled,
  canManage,
  product,
}: {
  id: string;
  name: string;
  enabled: boolean;
  canManage: boolean;
  product: string | null;
}) {
  const router = useRouter();
  const state = useToggleEnabled(id, name, enabled);
  if (!canManage) return null;
  return (
    <>
      {state.enabled && <TriggerNowButton id={id} />}
      {state.enabled && (
        <SendExample webhookId={id} product={product ?? ""} label="Send example event" />
      )}
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
