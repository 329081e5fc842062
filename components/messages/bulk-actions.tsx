"use client";

import { Ban, RotateCw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import * as React from "react";
import { toast } from "sonner";
import { toastResult } from "@/components/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { countBulkAction, runBulkMessageAction } from "@/lib/messages/actions";
import type { BulkAction } from "@/lib/messages/bulk";
import { messageListParsers } from "@/lib/messages/search-params";

const ACTIONS: {
  action: BulkAction;
  label: string;
  icon: React.ReactNode;
  title: (n: number) => string;
  description: string;
  confirm: string;
  done: (n: number) => string;
}[] = [
  {
    action: "retry",
    label: "Retry failed",
    icon: <RotateCw aria-hidden />,
    title: (n) => `Retry ${n.toLocaleString("en-US")} failed ${n === 1 ? "message" : "messages"}?`,
    description: "Each is delivered again now, with a new 10-day window for its retries.",
    confirm: "Retry them",
    done: (n) => `${n.toLocaleString("en-US")} messages are being delivered again`,
  },
  {
    action: "cancel",
    label: "Cancel pending",
    icon: <Ban aria-hidden />,
    title: (n) =>
      `Cancel ${n.toLocaleString("en-US")} pending ${n === 1 ? "message" : "messages"}?`,
    description:
      "Created and Retrying messages get no further attempts. Retry can still deliver them later.",
    confirm: "Cancel them",
    done: (n) => `${n.toLocaleString("en-US")} messages cancelled`,
  },
  {
    action: "delete",
    label: "Delete failed",
    icon: <Trash2 aria-hidden />,
    title: (n) => `Delete ${n.toLocaleString("en-US")} failed ${n === 1 ? "message" : "messages"}?`,
    description: "They and their attempts are removed for good; the statistics keep their counts.",
    confirm: "Delete them",
    done: (n) => `${n.toLocaleString("en-US")} failed messages deleted`,
  },
];

/** Bulk actions on what the filters show, each confirmed with the number it will touch. */
export function BulkActions({ webhookId }: { webhookId?: string }) {
  const router = useRouter();
  const [state] = useQueryStates(messageListParsers);
  const [open, setOpen] = React.useState<{ action: BulkAction; count: number } | null>(null);
  const [pending, startTransition] = React.useTransition();
  const input = (action: BulkAction) => ({
    action,
    webhook: webhookId ?? state.webhook,
    status: state.status,
    type: state.type,
    range: state.range,
    q: state.q,
  });
  const current = ACTIONS.find((a) => a.action === open?.action);

  return (
    <div className="flex flex-wrap gap-2">
      {ACTIONS.map((a) => (
        <Button
          key={a.action}
          variant="secondary"
          size="sm"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await countBulkAction(input(a.action));
              if (!result.ok) return void toast.error(result.error);
              if (result.data.count === 0) {
                return void toast.info("No message in this view is concerned");
              }
              setOpen({ action: a.action, count: result.data.count });
            })
          }
        >
          {a.icon}
          {a.label}
        </Button>
      ))}
      {current && open && (
        <ConfirmDialog
          open
          onOpenChange={(next) => !next && setOpen(null)}
          title={current.title(open.count)}
          description={`${current.description} Only the messages the current filters show are concerned.`}
          confirmLabel={current.confirm}
          onConfirm={async () => {
            const result = await runBulkMessageAction(input(open.action));
            if (toastResult(result, result.ok ? current.done(result.data.count) : "")) {
              router.refresh();
            }
          }}
        />
      )}
    </div>
  );
}
