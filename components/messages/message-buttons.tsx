"use client";

import { Ban, RotateCw } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { MessageStatus } from "@/db/schema";
import { cancelMessageAction, retryMessageAction } from "@/lib/messages/actions";

/** Retry and Cancel, each shown only where it makes sense (DESIGN.md, "Message"). */
export function MessageButtons({ id, status }: { id: string; status: MessageStatus }) {
  const router = useRouter();
  const [pending, startTransition] = React.useTransition();
  const canRetry = status !== "created";
  const canCancel = status === "created" || status === "retrying";
  return (
    <>
      {canRetry && (
        <Button
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await retryMessageAction({ id });
              const done =
                status === "retrying" ? "Attempting now" : "Delivering the message again";
              if (toastResult(result, done)) router.refresh();
            })
          }
        >
          <RotateCw aria-hidden />
          Retry
        </Button>
      )}
      {canCancel && (
        <ConfirmDialog
          title="Cancel this message?"
          description="It gets no further attempts. Retry can still deliver it again later."
          confirmLabel="Cancel message"
          cancelLabel="Keep"
          onConfirm={async () => {
            if (toastResult(await cancelMessageAction({ id }), "Message cancelled")) {
              router.refresh();
            }
          }}
          trigger={
            <Button variant="secondary" disabled={pending}>
              <Ban aria-hidden />
              Cancel
            </Button>
          }
        />
      )}
    </>
  );
}
