"use client";

import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { setDeliveriesPausedAction } from "@/lib/settings/actions";

/** The global switch: while off, every message waits; turned on, they go out. */
export function DeliveriesCard({ paused }: { paused: boolean }) {
  const [on, setOn] = React.useState(!paused);
  const [pending, startTransition] = React.useTransition();
  const toggle = (next: boolean) =>
    startTransition(async () => {
      setOn(next);
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
  return (
    <Card>
      <CardHeader
        title="Deliveries"
        description="Pause every webhook at once, e.g. during maintenance of the receivers. Events are still accepted and stored; their messages wait, up to their 10-day window, and go out when deliveries resume."
      />
      <CardBody className="flex items-center gap-3">
        <Switch id="deliveries-switch" checked={on} disabled={pending} onCheckedChange={toggle} />
        <label htmlFor="deliveries-switch" className="text-sm font-medium text-slate-900">
          Webhooks are {on ? "on" : "paused"}
        </label>
      </CardBody>
    </Card>
  );
}
