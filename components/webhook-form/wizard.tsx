"use client";

import { Check } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { FormProvider, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, Properties } from "@/components/ui/card";
import { NEW_WEBHOOK_VALUES, type WebhookFormValues } from "@/lib/webhooks/form-values";
import { createWebhookAction } from "@/lib/webhooks/actions";
import { isCredentialName, SECRET_MASK } from "@/lib/webhooks/credentials";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import { cn } from "@/lib/utils";
import {
  CustomDataField,
  EventTypesField,
  GeneralFields,
  HttpFields,
  ProductChoices,
  ProductField,
  ProductSuggestions,
  type CatalogEntry,
} from "./fields";
import { FORMAT_LABELS, RETRY_POLICY_LABELS, SIGNING_LABELS, WIZARD_STEPS } from "./labels";
import { FilterField } from "./filter-field";
import { useActionForm } from "./use-action-form";

/** The step that holds a field, to jump back to it when the server rejects it. */
function stepOf(field: string): number {
  const index = WIZARD_STEPS.findIndex((s) => (s.fields as readonly string[]).includes(field));
  return index < 0 ? 0 : index;
}

function Review() {
  const v = useWatch() as WebhookFormValues;
  const custom = v.retryPolicy === "custom";
  return (
    <Properties
      items={[
        { label: "Name", value: v.name },
        { label: "Description", value: v.description || "—" },
        { label: "Enabled", value: v.enabled ? "Yes" : "No" },
        { label: "Event types", value: v.eventTypes.join(", ") },
        { label: "Product", value: v.product || "Every product" },
        { label: "URL", value: <code className="break-all font-mono">{v.url}</code> },
        { label: "Method and format", value: `${v.method}, ${FORMAT_LABELS[v.format]}` },
        { label: "Signing", value: SIGNING_LABELS[v.signing] },
        {
          label: "Custom headers",
          value: v.headers.some((h) => h.name.trim()) ? (
            <ul className="font-mono text-xs">
              {v.headers
                .filter((h) => h.name.trim())
                .map((h) => (
                  <li key={h.name}>
                    {h.name}: {h.secret || isCredentialName(h.name) ? SECRET_MASK : h.value}
                  </li>
                ))}
            </ul>
          ) : (
            "None"
          ),
        },
        {
          label: "Timeouts",
          value: `Connect ${v.connectTimeoutSeconds} s, response ${v.responseTimeoutSeconds} s`,
        },
        {
          label: "Retry policy",
          value: custom ? `Custom: ${v.retrySchedule} seconds` : RETRY_POLICY_LABELS[v.retryPolicy],
        },
        {
          label: "A failed Test ping",
          value: v.disableOnFailedTest ? "Disables the webhook" : "Is only reported",
        },
        {
          label: "Rate limit",
          value: v.rateLimitPerSecond
            ? `${v.rateLimitPerSecond} ${v.rateLimitPerSecond === 1 ? "delivery" : "deliveries"} per second`
            : "None",
        },
        {
          label: "Trace context",
          value: v.forwardTraceparent ? "Forwarded (traceparent)" : "Not sent",
        },
        {
          label: "Payload filter",
          value: v.filter?.trim() ? (
            <code className="break-all font-mono text-xs">{v.filter.trim()}</code>
          ) : (
            "None: every subscribed event"
          ),
        },
        {
          label: "Custom data",
          value: v.customData.trim() ? (
            <pre className="whitespace-pre-wrap font-mono text-xs">{v.customData}</pre>
          ) : (
            "None"
          ),
        },
      ]}
    />
  );
}

export function WebhookWizard({
  catalog,
  products,
}: {
  catalog: CatalogEntry[];
  products: string[];
}) {
  const router = useRouter();
  const [step, setStep] = React.useState(0);
  const headingRef = React.useRef<HTMLHeadingElement>(null);
  const moved = React.useRef(false);

  const goTo = React.useCallback((index: number) => {
    moved.current = true;
    setStep(index);
  }, []);

  const { form, submit, pending } = useActionForm({
    schema: createWebhookSchema,
    defaultValues: NEW_WEBHOOK_VALUES,
    action: createWebhookAction,
    success: "Webhook created",
    onSuccess: ({ id }) => router.push(`/webhooks/${id}`),
    onFieldErrors: (fields) => goTo(Math.min(...fields.map(stepOf))),
  });

  // Moving between steps puts focus on the new step's heading, for keyboard and screen readers.
  React.useEffect(() => {
    if (moved.current) headingRef.current?.focus();
  }, [step]);

  const current = WIZARD_STEPS[step]!;
  const last = step === WIZARD_STEPS.length - 1;

  async function next() {
    const valid = await form.trigger(current.fields as unknown as (keyof WebhookFormValues)[], {
      shouldFocus: true,
    });
    if (valid) goTo(step + 1);
  }

  return (
    <FormProvider {...form}>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[14rem_minmax(0,1fr)]">
        <ol aria-label="Steps" className="flex flex-wrap gap-1 lg:flex-col">
          {WIZARD_STEPS.map((s, index) => (
            <li
              key={s.id}
              aria-current={index === step ? "step" : undefined}
              className={cn(
                "flex items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm",
                index === step ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700",
              )}
            >
              <span
                aria-hidden
                className={cn(
                  "flex size-6 items-center justify-center rounded-full border text-xs",
                  index < step
                    ? "border-brand-600 bg-brand-600 text-white"
                    : index === step
                      ? "border-brand-600"
                      : "border-slate-300",
                )}
              >
                {index < step ? <Check className="size-3.5" /> : index + 1}
              </span>
              {s.title}
            </li>
          ))}
        </ol>
        <Card>
          <form
            noValidate
            aria-labelledby="wizard-step-title"
            onSubmit={(event) => {
              if (last) return submit(event);
              event.preventDefault();
              void next();
            }}
          >
            <CardBody className="space-y-6">
              <h2
                id="wizard-step-title"
                ref={headingRef}
                tabIndex={-1}
                className="text-lg font-semibold text-slate-900 outline-none"
              >
                Step {step + 1} of {WIZARD_STEPS.length}: {current.title}
              </h2>
              {current.id === "general" && <GeneralFields />}
              {current.id === "product" && (
                <>
                  <ProductField />
                  <ProductSuggestions products={products} />
                  <ProductChoices products={products} />
                </>
              )}
              {current.id === "events" && <EventTypesField catalog={catalog} />}
              {current.id === "http" && (
                <>
                  <HttpFields />
                  <FilterField />
                </>
              )}
              {current.id === "data" && <CustomDataField />}
              {current.id === "review" && <Review />}
            </CardBody>
            <div className="flex justify-between gap-2 border-t border-slate-200 px-5 py-4">
              <Button
                variant="secondary"
                onClick={() => goTo(step - 1)}
                disabled={step === 0 || pending}
              >
                Back
              </Button>
              {last ? (
                <Button type="submit" disabled={pending}>
                  {pending ? "Creating…" : "Create"}
                </Button>
              ) : (
                <Button type="submit">Next</Button>
              )}
            </div>
          </form>
        </Card>
      </div>
    </FormProvider>
  );
}
