"use client";

import { Ban, History, RotateCw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import * as React from "react";
import { toast } from "sonner";
import { toastResult } from "@/components/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DialogClose, Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
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
      <RetryFailedSince filters={input("retry")} onDone={() => router.refresh()} />
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

/** `datetime-local` values are read as UTC, as every time in the console is shown. */
const toUtcInput = (date: Date) => date.toISOString().slice(0, 16);
const fromUtcInput = (value: string) => (value ? `${value}:00Z` : "");

/**
 * "Retry failed since…" (Svix's recover): every Failed message the filters show created since
 * a chosen date and time, with their number told as the time is picked, before confirming.
 */
function RetryFailedSince({
  filters,
  onDone,
}: {
  filters: Omit<Parameters<typeof countBulkAction>[0], "since">;
  onDone: () => void;
}) {
  const [open, setOpen] = React.useState(false);
  const [since, setSince] = React.useState("");
  const [count, setCount] = React.useState<number | null>(null);
  const [error, setError] = React.useState<string>();
  const [pending, startTransition] = React.useTransition();
  const id = React.useId();
  const key = JSON.stringify(filters);

  // The number follows the chosen time (and the filters) as they change.
  React.useEffect(() => {
    if (!open || !since) return;
    let current = true;
    void countBulkAction({ ...JSON.parse(key), since: fromUtcInput(since) }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setCount(result.data.count);
        setError(undefined);
      } else {
        setCount(null);
        setError(result.fieldErrors?.since ?? result.error);
      }
    });
    return () => {
      current = false;
    };
  }, [open, since, key]);

  return (
    <Modal
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setSince(toUtcInput(new Date(Date.now() - 24 * 3600 * 1000)));
          setCount(null);
        }
      }}
      title="Retry failed messages since…"
      description="Every Failed message the current filters show, created since this time, is delivered again now. Times in UTC."
      trigger={
        <Button variant="secondary" size="sm" disabled={pending}>
          <History aria-hidden />
          Retry failed since…
        </Button>
      }
    >
      <div className="mt-4">
        <Field id={`${id}-since`} label="Created since (UTC)" error={error}>
          <Input
            type="datetime-local"
            value={since}
            max={toUtcInput(new Date())}
            onChange={(e) => setSince(e.target.value)}
          />
        </Field>
        <p role="status" className="text-sm text-slate-900" data-testid="retry-since-count">
          {count === null
            ? "Counting…"
            : count === 0
              ? "No failed message since then."
              : `${count.toLocaleString("en-US")} failed ${count === 1 ? "message" : "messages"} since then.`}
        </p>
      </div>
      <div className="mt-6 flex justify-end gap-2">
        <DialogClose asChild>
          <Button variant="secondary">Keep them</Button>
        </DialogClose>
        <Button
          disabled={pending || !count}
          onClick={() =>
            startTransition(async () => {
              const result = await runBulkMessageAction({
                ...filters,
                since: fromUtcInput(since),
              });
              if (
                toastResult(
                  result,
                  result.ok
                    ? `${result.data.count.toLocaleString("en-US")} messages are being delivered again`
                    : "",
                )
              ) {
                setOpen(false);
                onDone();
              }
            })
          }
        >
          {count ? `Retry ${count.toLocaleString("en-US")}` : "Retry"}
        </Button>
      </div>
    </Modal>
  );
}
