"use client";

import { FormProvider } from "react-hook-form";
import * as React from "react";
import {
  EventTypesField,
  GeneralFields,
  ProductField,
  ProductSuggestions,
  type CatalogEntry,
} from "@/components/webhook-form/fields";
import { useActionForm } from "@/components/webhook-form/use-action-form";
import type { WebhookFormValues } from "@/lib/webhooks/form-values";
import { updateWebhookGeneralAction } from "@/lib/webhooks/actions";
import { updateGeneralSchema } from "@/lib/webhooks/schemas";
import { EditableCard, FormButtons, useEditingInUrl } from "./editable-card";

type GeneralValues = Pick<
  WebhookFormValues,
  "name" | "description" | "enabled" | "eventTypes" | "product"
>;

function GeneralForm({
  id,
  values,
  catalog,
  products,
  done,
}: {
  id: string;
  values: GeneralValues;
  catalog: CatalogEntry[];
  products: string[];
  done: () => void;
}) {
  const { form, submit, pending } = useActionForm({
    schema: updateGeneralSchema,
    defaultValues: { id, ...values },
    action: updateWebhookGeneralAction,
    success: "Webhook saved",
    onSuccess: done,
  });
  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate className="space-y-6" aria-label="Edit general settings">
        <GeneralFields />
        <ProductField />
        <ProductSuggestions products={products} />
        <EventTypesField catalog={catalog} />
        <FormButtons pending={pending} onCancel={done} />
      </form>
    </FormProvider>
  );
}

export function EditGeneralCard({
  id,
  canManage,
  values,
  catalog,
  products,
  children,
}: {
  id: string;
  canManage: boolean;
  values: GeneralValues;
  catalog: CatalogEntry[];
  products: string[];
  children: React.ReactNode;
}) {
  const editing = useEditingInUrl();
  return (
    <EditableCard
      title="Details"
      canManage={canManage}
      {...editing}
      editLabel="Edit details"
      view={children}
      form={(done) => (
        <GeneralForm id={id} values={values} catalog={catalog} products={products} done={done} />
      )}
    />
  );
}
