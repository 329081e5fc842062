"use client";

import * as React from "react";
import { FormProvider } from "react-hook-form";
import { HttpFields } from "@/components/webhook-form/fields";
import { FilterField } from "@/components/webhook-form/filter-field";
import { useActionForm } from "@/components/webhook-form/use-action-form";
import type { WebhookFormValues } from "@/lib/webhooks/form-values";
import { updateWebhookHttpAction } from "@/lib/webhooks/actions";
import { updateHttpSchema } from "@/lib/webhooks/schemas";
import { EditableCard, FormButtons, useEditingInUrl } from "./editable-card";

type HttpValues = Omit<
  WebhookFormValues,
  "name" | "description" | "enabled" | "eventTypes" | "product" | "customData"
>;

/** What the filter's preview needs of the webhook that this form does not edit. */
interface Subscription {
  eventTypes: string[];
  product: string | null;
  customData: Record<string, unknown> | null;
}

function HttpForm({
  id,
  values,
  subscription,
  done,
}: {
  id: string;
  values: HttpValues;
  subscription: Subscription;
  done: () => void;
}) {
  const { form, submit, pending } = useActionForm({
    schema: updateHttpSchema,
    defaultValues: { id, ...values },
    action: updateWebhookHttpAction,
    success: "HTTP settings saved",
    onSuccess: done,
  });
  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate className="space-y-6" aria-label="Edit HTTP settings">
        <HttpFields secretNote="Signed with the webhook's secret, shown beside this form." />
        <FilterField {...subscription} />
        <FormButtons pending={pending} onCancel={done} />
      </form>
    </FormProvider>
  );
}

export function EditHttpCard({
  id,
  canManage,
  values,
  subscription,
  children,
}: {
  id: string;
  canManage: boolean;
  values: HttpValues;
  subscription: Subscription;
  children: React.ReactNode;
}) {
  const editing = useEditingInUrl();
  return (
    <EditableCard
      title="HTTP settings"
      description="Where and how each message is sent. Changes apply to the next attempt, retries included."
      canManage={canManage}
      {...editing}
      editLabel="Edit HTTP settings"
      view={children}
      form={(done) => <HttpForm id={id} values={values} subscription={subscription} done={done} />}
    />
  );
}
