"use client";

import * as React from "react";
import { Plus, X } from "lucide-react";
import { Controller, useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { HTTP_METHODS, PAYLOAD_FORMATS, RETRY_POLICIES } from "@/db/schema/enums";
import { isCredentialName, SECRET_MASK } from "@/lib/webhooks/credentials";
import type { WebhookFormValues } from "@/lib/webhooks/form-values";
import { LIMITS } from "@/lib/webhooks/schemas";
import { FORMAT_LABELS, RETRY_POLICY_LABELS, SIGNING_LABELS } from "./labels";

/*
 * The webhook's field groups, shared by the creation wizard and the edit forms of the webhook
 * page. Each reads its form from context, so a form renders only the groups it edits.
 */

function useWebhookForm() {
  const form = useFormContext<WebhookFormValues>();
  const error = (name: keyof WebhookFormValues) => form.formState.errors[name]?.message;
  return { ...form, error };
}

export function GeneralFields({ showEnabled = true }: { showEnabled?: boolean }) {
  const { register, control, error } = useWebhookForm();
  return (
    <div className="space-y-5">
      <Field id="webhook-name" label="Name" error={error("name")}>
        <Input maxLength={LIMITS.name + 20} autoComplete="off" {...register("name")} />
      </Field>
      <Field
        id="webhook-description"
        label="Description"
        hint="Optional. Who owns the endpoint, what it does with the events."
        error={error("description")}
      >
        <Textarea className="font-sans text-sm" rows={3} {...register("description")} />
      </Field>
      {showEnabled && (
        <Controller
          control={control}
          name="enabled"
          render={({ field }) => (
            <div className="flex items-center gap-3">
              <Switch
                id="webhook-enabled"
                checked={field.value}
                onCheckedChange={field.onChange}
                onBlur={field.onBlur}
              />
              <label htmlFor="webhook-enabled" className="text-sm text-slate-800">
                Enabled — deliver events as soon as it is saved
              </label>
            </div>
          )}
        />
      )}
    </div>
  );
}

export interface CatalogEntry {
  name: string;
  description: string;
}

function familyOf(name: string) {
  return name.includes(".") ? name.split(".")[0]! : null;
}

/** Checkboxes for the event types, grouped by family, each family also subscribable as a whole. */
export function EventTypesField({ catalog }: { catalog: CatalogEntry[] }) {
  const { control, error } = useWebhookForm();
  const families = React.useMemo(() => {
    const groups = new Map<string, CatalogEntry[]>();
    for (const entry of catalog) {
      const family = familyOf(entry.name) ?? "";
      groups.set(family, [...(groups.get(family) ?? []), entry]);
    }
    return [...groups.entries()];
  }, [catalog]);
  const message = error("eventTypes");
  return (
    <Controller
      control={control}
      name="eventTypes"
      render={({ field }) => {
        const selected = new Set(field.value);
        const set = (next: Set<string>) => field.onChange([...next]);
        return (
          <fieldset
            aria-describedby={message ? "webhook-event-types-error" : undefined}
            aria-invalid={message ? true : undefined}
          >
            <legend className="text-sm font-medium text-slate-800">Event types</legend>
            <p className="mt-1 text-xs text-slate-600">
              Pick at least one. A whole family (such as application.*) includes the types added to
              it later.
            </p>
            {message && (
              <p id="webhook-event-types-error" role="alert" className="mt-2 text-sm text-red-700">
                {message}
              </p>
            )}
            <div className="mt-3 grid gap-4 lg:grid-cols-2">
              {families.map(([family, entries]) => {
                const pattern = `${family}.*`;
                const wholeFamily = family !== "" && selected.has(pattern);
                return (
                  <div key={family || "other"} className="rounded-md border border-slate-200 p-3">
                    {family !== "" ? (
                      <label className="flex items-center gap-2 text-sm font-medium text-slate-900">
                        <input
                          type="checkbox"
                          className="size-4 accent-brand-600"
                          checked={wholeFamily}
                          onChange={(e) => {
                            const next = new Set(selected);
                            for (const entry of entries) next.delete(entry.name);
                            if (e.target.checked) next.add(pattern);
                            else next.delete(pattern);
                            set(next);
                          }}
                        />
                        Every {family} event{" "}
                        <code className="text-xs text-slate-600">{pattern}</code>
                      </label>
                    ) : (
                      <p className="text-sm font-medium text-slate-900">Other</p>
                    )}
                    <ul className="mt-2 space-y-1.5 pl-6">
                      {entries.map((entry) => (
                        <li key={entry.name}>
                          <label className="flex items-start gap-2 text-sm text-slate-800">
                            <input
                              type="checkbox"
                              className="mt-0.5 size-4 accent-brand-600"
                              checked={wholeFamily || selected.has(entry.name)}
                              disabled={wholeFamily}
                              onChange={(e) => {
                                const next = new Set(selected);
                                if (e.target.checked) next.add(entry.name);
                                else next.delete(entry.name);
                                set(next);
                              }}
                            />
                            <span>
                              <code className="font-mono text-[13px]">{entry.name}</code>
                              <span className="block text-xs text-slate-600">
                                {entry.description}
                              </span>
                            </span>
                          </label>
                        </li>
                      ))}
                    </ul>
                  </div>
                );
              })}
            </div>
          </fieldset>
        );
      }}
    />
  );
}

export function ProductField() {
  const { register, error } = useWebhookForm();
  return (
    <Field
      id="webhook-product"
      label="Product"
      hint="Optional. Only events published for this product reach the webhook; empty means every product."
      error={error("product")}
    >
      <Input list="webhook-product-suggestions" autoComplete="off" {...register("product")} />
    </Field>
  );
}

/** The products seen so far, one click each; "Every product" empties the field. */
export function ProductChoices({ products }: { products: string[] }) {
  const { setValue, control } = useWebhookForm();
  const current = useWatch({ control, name: "product" }) ?? "";
  const pick = (value: string) => setValue("product", value, { shouldValidate: true });
  const choice = (value: string, label: string) => (
    <Button
      key={value || "every"}
      type="button"
      size="sm"
      variant="secondary"
      aria-pressed={current === value}
      className="aria-pressed:border-brand-600 aria-pressed:bg-brand-50 aria-pressed:text-brand-700"
      onClick={() => pick(value)}
    >
      {label}
    </Button>
  );
  return (
    <div role="group" aria-labelledby="webhook-product-choices" className="space-y-2">
      <p id="webhook-product-choices" className="text-sm font-medium text-slate-800">
        {products.length
          ? "Products seen in published events and webhooks"
          : "No product seen yet: type one above, or leave it empty for every product"}
      </p>
      <div className="flex flex-wrap gap-2">
        {choice("", "Every product")}
        {products.map((p) => choice(p, p))}
      </div>
    </div>
  );
}

export function ProductSuggestions({ products }: { products: string[] }) {
  return (
    <datalist id="webhook-product-suggestions">
      {products.map((p) => (
        <option key={p} value={p} />
      ))}
    </datalist>
  );
}

/**
 * Custom headers as rows of name, value and a Secret box. A secret value is kept encrypted
 * and never shown again, to anyone: a stored one comes back as `SECRET_MASK`, which keeps it
 * unless typed over. Credential names (Authorization, X-Api-Key…) are always secret.
 */
function HeadersField() {
  const { register, control, formState, setValue } = useWebhookForm();
  const { fields, append, remove } = useFieldArray({ control, name: "headers" });
  const rows = useWatch({ control, name: "headers" }) ?? [];
  // react-hook-form files the schema's error for the whole list under `root`.
  const message = formState.errors.headers?.root?.message ?? formState.errors.headers?.message;
  return (
    <fieldset className="space-y-2" aria-describedby="webhook-headers-hint">
      <legend className="text-sm font-medium text-slate-800">Custom headers</legend>
      <p id="webhook-headers-hint" className="text-xs text-slate-600">
        Optional. Sent with every request. Values marked secret are stored encrypted and never shown
        again; credential names such as Authorization or X-Api-Key always are.
      </p>
      {fields.map((field, i) => {
        const row = rows[i];
        const always = isCredentialName(row?.name ?? "");
        const secret = always || Boolean(row?.secret);
        const stored = row?.value === SECRET_MASK;
        return (
          <div key={field.id} className="flex flex-wrap items-center gap-2">
            <Input
              aria-label={`Header ${i + 1} name`}
              placeholder="X-Tenant"
              autoComplete="off"
              spellCheck={false}
              className="min-w-32 flex-1 font-mono"
              {...register(`headers.${i}.name`)}
            />
            <Input
              aria-label={`Header ${i + 1} value`}
              placeholder={secret ? "Secret value" : "Value"}
              type={secret ? "password" : "text"}
              autoComplete={secret ? "new-password" : "off"}
              spellCheck={false}
              className="min-w-32 flex-[2] font-mono"
              title={stored ? "Stored and hidden; type a new value to replace it" : undefined}
              onFocus={(e) => stored && e.currentTarget.select()}
              {...register(`headers.${i}.value`)}
            />
            <label className="flex items-center gap-1.5 text-sm text-slate-700">
              <input
                type="checkbox"
                className="size-4 accent-brand-600"
                aria-label={`Header ${i + 1} secret`}
                checked={secret}
                disabled={always || stored}
                onChange={(e) => setValue(`headers.${i}.secret`, e.target.checked)}
              />
              Secret
            </label>
            <Button
              type="button"
              variant="ghost"
              size="icon"
              aria-label={`Remove header ${i + 1}`}
              onClick={() => remove(i)}
            >
              <X />
            </Button>
          </div>
        );
      })}
      {fields.length < LIMITS.headers && (
        <Button
          type="button"
          variant="secondary"
          size="sm"
          // Focus stays where it is until the click: a field above losing it shows its error
          // and moves this button, and a click whose press and release land apart is lost.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => append({ name: "", value: "", secret: false })}
        >
          <Plus /> Add header
        </Button>
      )}
      {message && (
        <p role="alert" className="text-sm text-red-700">
          {message}
        </p>
      )}
    </fieldset>
  );
}

/** A yes/no setting of the webhook: a checkbox with its label and a line of explanation. */
function CheckboxField({
  name,
  id,
  label,
  hint,
}: {
  name: "forwardTraceparent" | "disableOnFailedTest";
  id: string;
  label: string;
  hint: string;
}) {
  const { control } = useWebhookForm();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <div className="flex items-start gap-3">
          <input
            type="checkbox"
            id={id}
            className="mt-0.5 size-4 accent-brand-600"
            checked={field.value}
            onChange={(e) => field.onChange(e.target.checked)}
            onBlur={field.onBlur}
          />
          <label htmlFor={id} className="text-sm text-slate-800">
            {label}
            <span className="block text-xs text-slate-600">{hint}</span>
          </label>
        </div>
      )}
    />
  );
}

export function HttpFields({ secretNote }: { secretNote?: React.ReactNode }) {
  const { register, control, error } = useWebhookForm();
  const retryPolicy = useWatch({ control, name: "retryPolicy" });
  const signing = useWatch({ control, name: "signing" });
  return (
    <div className="space-y-5">
      <Field
        id="webhook-url"
        label="URL"
        hint="The endpoint that receives the events, http:// or https://."
        error={error("url")}
      >
        <Input
          type="text"
          inputMode="url"
          placeholder="https://example.com/webhooks"
          autoComplete="off"
          {...register("url")}
        />
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="webhook-method" label="HTTP method" error={error("method")}>
          <Select {...register("method")}>
            {HTTP_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="webhook-format" label="Payload format" error={error("format")}>
          <Select {...register("format")}>
            {PAYLOAD_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field
        id="webhook-signing"
        label="Signing"
        hint={
          signing === "none"
            ? "Requests are not signed; the receiver cannot tell them from forgeries."
            : (secretNote ??
              "Signed with the webhook's own secret, generated when it is created and shown on its HTTP settings tab.")
        }
        error={error("signing")}
      >
        <Select {...register("signing")}>
          {(Object.keys(SIGNING_LABELS) as (keyof typeof SIGNING_LABELS)[]).map((s) => (
            <option key={s} value={s}>
              {SIGNING_LABELS[s]}
            </option>
          ))}
        </Select>
      </Field>
      <HeadersField />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          id="webhook-connect-timeout"
          label="Connect timeout (seconds)"
          error={error("connectTimeoutSeconds")}
        >
          <Input
            type="number"
            min={1}
            max={30}
            step="any"
            {...register("connectTimeoutSeconds", { valueAsNumber: true })}
          />
        </Field>
        <Field
          id="webhook-response-timeout"
          label="Response timeout (seconds)"
          error={error("responseTimeoutSeconds")}
        >
          <Input
            type="number"
            min={1}
            max={120}
            step="any"
            {...register("responseTimeoutSeconds", { valueAsNumber: true })}
          />
        </Field>
      </div>
      <Field
        id="webhook-rate-limit"
        label="Rate limit (deliveries per second)"
        hint="Optional. Deliveries beyond it wait their turn, in order; waiting is not a failure. Empty: no limit."
        error={error("rateLimitPerSecond")}
      >
        <Input
          type="number"
          min={1}
          max={LIMITS.rateLimitPerSecond}
          step={1}
          placeholder="No limit"
          {...register("rateLimitPerSecond", {
            setValueAs: (v: unknown) => (v === "" || v === null ? null : Number(v)),
          })}
        />
      </Field>
      <Field id="webhook-retry-policy" label="Retry policy" error={error("retryPolicy")}>
        <Select {...register("retryPolicy")}>
          {RETRY_POLICIES.map((p) => (
            <option key={p} value={p}>
              {RETRY_POLICY_LABELS[p]}
            </option>
          ))}
        </Select>
      </Field>
      {retryPolicy === "custom" && (
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            id="webhook-retry-schedule"
            label="Retry schedule (seconds)"
            hint="Seconds to wait before each retry, e.g. 60, 300, 900."
            error={error("retrySchedule")}
          >
            <Input autoComplete="off" {...register("retrySchedule")} />
          </Field>
          <Field id="webhook-retry-on" label="Retry on" error={error("retryOn")}>
            <Select {...register("retryOn")}>
              <option value="non_2xx">Any non-2xx answer and network errors</option>
              <option value="5xx">5xx answers and network errors only</option>
            </Select>
          </Field>
        </div>
      )}
      <CheckboxField
        name="forwardTraceparent"
        id="webhook-forward-traceparent"
        label="Forward trace context (W3C traceparent)"
        hint="Each attempt sends a traceparent header in the event's trace — the publisher's, when it sent one — so the receiver's spans join it."
      />
      <CheckboxField
        name="disableOnFailedTest"
        id="webhook-disable-on-failed-test"
        label="Disable the webhook when a Test ping fails"
        hint="Trigger Now sends one ping without retries; with this on, a ping the endpoint does not accept turns the webhook off until someone enables it again."
      />
    </div>
  );
}

/** `method` is given where the form does not edit it (the Custom data tab). */
export function CustomDataField({ method: fixedMethod }: { method?: string }) {
  const { register, control, error } = useWebhookForm();
  const watchedMethod = useWatch({ control, name: "method" });
  const method = fixedMethod ?? watchedMethod;
  return (
    <Field
      id="webhook-custom-data"
      label="Custom data"
      hint={
        method === "GET"
          ? "Kept with the webhook, but GET requests have no body, so it is not sent while the method is GET."
          : 'Optional. A JSON object sent with every event, e.g. {"region": "eu"}. At most 16 KiB.'
      }
      error={error("customData")}
    >
      <Textarea rows={8} spellCheck={false} {...register("customData")} />
    </Field>
  );
}
