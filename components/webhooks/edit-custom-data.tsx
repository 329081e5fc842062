"use client";

import { FormProvider } from "react-hook-form";
import { CustomDataField } from "@/components/webhook-form/fields";
import { useActionForm } from "@/components/webhook-form/use-action-form";
import { updateWebhookCustomDataAction } from "@/lib/webhooks/actions";
import { updateCustomDataSchema } from "@/lib/webhooks/schemas";
import { EditableCard, FormButtons, useEditingInUrl } from "./editable-card";

function CustomDataForm({
  id,
  customData,
  method,
  done,
}: {
  id: string;
  customData: string;
  method: string;
  done: () => void;
}) {
  const { form, submit, pending } = useActionForm({
    schema: updateCustomDataSchema,
    defaultValues: { id, customData },
    action: updateWebhookCustomDataAction,
    success: "Custom data saved",
    onSuccess: done,
  });
  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate className="space-y-6" aria-label="Edit custom data">
        <CustomDataField method={method} />
        <FormButtons pending={pending} onCancel={done} />
      </form>
    </FormProvider>
  );
}

export function EditCustomDataCard({
  id,
  canManage,
  customData,
  method,
}: {
  id: string;
  canManage: boolean;
  customData: string;
  method: string;
}) {
  const editing = useEditingInUrl();
  return (
    <EditableCard
      title="Custom data"
      description={
        method === "GET"
          ? "Kept with the webhook; GET requests have no body, so it is not sent while the method is GET."
          : "A JSON object sent with every event this webhook receives."
      }
      canManage={canManage}
      {...editing}
      editLabel="Edit custom data"
      view={
        customData ? (
          <pre
            data-testid="custom-data"
            // It scrolls on a narrow window; focusable so a keyboard can scroll it too.
            tabIndex={0}
            className="overflow-x-auto rounded-md bg-code p-4 font-mono text-xs text-code-fg"
          >
            {customData}
          </pre>
        ) : (
          <p className="text-sm text-slate-600">No custom data.</p>
        )
      }
      form={(done) => (
        <CustomDataForm id={id} customData={customData} method={method} done={done} />
      )}
    />
  );
}
