"use client";

import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Switch } from "@/components/ui/switch";
import { setDeliveriesPausedAction } from "@/lib/settings/actions";

/**
 * The global switch: while off, every message waits; turned on, they go out. Pausing asks
 * first (it stops every webhook); the switch and its label move at once, and back if the
 * change fails.
 */
export function DeliveriesCard({ paused }: { paused: boolean }) {
  const [on, setOn] = React.useState(!paused);
  const [confirming, setConfirming] = React.useState(false);
  const [pending, startTransition] = React.useTransition();
  const apply = (next: boolean) => {
    setOn(next);
    startTransition(async () => {
      const result = await setDeliveriesPausedAction({ paused: !next });
      if (
        !toastResult(
          result,
          next ? "Deliveries resumed; waiting messages go out now" : "Deliveries paused",
        )
      ) {
        setOn(!next);
      }
    });
  };
  return (
    <Card>
      <CardHeader
        title="Deliveries"
        description="Pause every webhook at once, e.g. during maintenance of the receivers. Events are still accepted and stored; their messages wait, up to their 10-day window, and go out when deliveries resume."
      />
      <CardBody className="flex items-center gap-3">
        <Switch
          id="deliveries-switch"
          checked={on}
          disabled={pending}
          onCheckedChange={(next) => (next ? apply(true) : setConfirming(true))}
        />
        <label htmlFor="deliveries-switch" className="text-sm font-medium text-slate-900">
          Webhooks are {on ? "on" : "paused"}
        </label>
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title="Pause every webhook?"
          description="No message goes out until deliveries resume: events are still accepted and their messages wait, up to their 10-day window."
          confirmLabel="Pause deliveries"
          cancelLabel="Keep delivering"
          onConfirm={() => apply(false)}
        />
      </CardBody>
    </Card>
  );
}
