"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { toastResult } from "@/components/action-toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Link } from "@/components/ui/link";
import { createOperationalWebhookAction } from "@/lib/alerts/actions";

export interface OperationalWebhook {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  eventTypes: string[];
}

/** Settings → Operational alerts: the webhooks that receive them, and a quick way to add one. */
export function OperationalCard({ webhooks }: { webhooks: OperationalWebhook[] }) {
  const router = useRouter();
  const [name, setName] = React.useState("Operational alerts");
  const [url, setUrl] = React.useState("");
  const [errors, setErrors] = React.useState<Partial<Record<"name" | "url", string>>>({});
  const [pending, startTransition] = React.useTransition();
  return (
    <Card id="operational">
      <CardHeader
        title="Operational alerts"
        description={
          <>
            Hookyard tells you when a webhook is disabled by itself or fails for an hour, when a
            message fails for good, and when a background job fails: in{" "}
            <Link href="/alerts" className="underline">
              Alerts
            </Link>{" "}
            and, signed like any webhook, to each webhook subscribed to{" "}
            <code className="font-mono">hookyard.*</code> (the payloads are in{" "}
            <Link href="/event-types" className="underline">
              Event types
            </Link>
            ).
          </>
        }
      />
      <CardBody className="space-y-4">
        {webhooks.length ? (
          <ul
            className="divide-y divide-slate-200 rounded-md border border-slate-200"
            aria-label="Operational webhooks"
          >
            {webhooks.map((w) => (
              <li
                key={w.id}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm"
              >
                <Link
                  href={`/webhooks/${w.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {w.name}
                </Link>
                <span className="min-w-0 break-all text-slate-600">{w.url}</span>
                <span className="text-xs text-slate-500">{w.eventTypes.join(", ")}</span>
                {!w.enabled && <Badge tone="warning">Disabled</Badge>}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No webhook receives the alerts yet.</p>
        )}
        <form
          noValidate
          aria-label="Add an operational webhook"
          className="flex flex-wrap items-start gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await createOperationalWebhookAction({ name, url });
              setErrors(result.ok ? {} : (result.fieldErrors ?? {}));
              toastResult(result, "The operational webhook was added");
              if (result.ok) {
                setUrl("");
                router.push(`/webhooks/${result.data.id}`);
              }
            });
          }}
        >
          <Field id="operational-name" label="Name" error={errors.name} className="w-56">
            <Input value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id="operational-url" label="URL" error={errors.url} className="min-w-64 flex-1">
            <Input
              type="url"
              placeholder="https://ops.example.com/hookyard"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </Field>
          <Button type="submit" variant="secondary" disabled={pending} className="mt-6">
            Add operational webhook
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
