"use client";

import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { setRetentionDaysAction } from "@/lib/settings/actions";

export function RetentionCard({ days }: { days: number }) {
  const [value, setValue] = React.useState(String(days));
  const [error, setError] = React.useState<string>();
  const [pending, startTransition] = React.useTransition();
  return (
    <Card>
      <CardHeader
        title="Retention"
        description="Finished messages, their attempts and events older than this are removed every hour. The statistics keep their totals."
      />
      <CardBody>
        <form
          noValidate
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await setRetentionDaysAction({ days: Number(value) });
              setError(result.ok ? undefined : (result.fieldErrors?.days ?? result.error));
              toastResult(result, `Messages are kept ${value} days`);
            });
          }}
        >
          <Field
            id="retention-days"
            label="Keep messages for (days)"
            error={error}
            className="w-56"
          >
            <Input
              type="number"
              min={1}
              max={3650}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </Field>
          <Button
            type="submit"
            variant="secondary"
            disabled={pending}
            className={error ? "mb-7" : ""}
          >
            Save
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
