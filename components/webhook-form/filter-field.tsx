"use client";

import * as React from "react";
import { useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import type { ExampleChoice } from "@/lib/messages/examples";
import { filterExamplesAction } from "@/lib/messages/actions";
import { checkFilter, explainFilter, FILTER_EXAMPLE } from "@/lib/webhooks/filter";
import type { WebhookFormValues } from "@/lib/webhooks/form-values";

/** Custom data as the form holds it (text), for the preview; what does not parse is left out. */
function parsedCustomData(text: string | undefined): Record<string, unknown> | null {
  if (!text?.trim()) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Tries the filter against an example payload of the subscribed event types, edited at will:
 * matches or not, and why. The examples are read when the preview opens.
 */
function FilterPreview({
  filter,
  eventTypes,
  product,
  customData,
}: {
  filter: string;
  eventTypes: string[];
  product: string | null;
  customData: Record<string, unknown> | null;
}) {
  const [examples, setExamples] = React.useState<ExampleChoice[] | null>(null);
  const [problem, setProblem] = React.useState<string | null>(null);
  const [type, setType] = React.useState("");
  const [payload, setPayload] = React.useState("");
  const [loading, startLoading] = React.useTransition();

  const load = () =>
    startLoading(async () => {
      setProblem(null);
      if (!eventTypes.length) return void setProblem("Pick the event types first.");
      const result = await filterExamplesAction({ eventTypes });
      if (!result.ok) return void setProblem(result.error);
      setExamples(result.data);
      const first = result.data[0];
      setType(first?.type ?? eventTypes[0] ?? "");
      setPayload(JSON.stringify(first?.payload ?? {}, null, 2));
    });

  let verdict: { tone: string; text: string } | null = null;
  if (examples && filter.trim()) {
    let data: unknown;
    try {
      data = JSON.parse(payload);
    } catch (error) {
      verdict = {
        tone: "text-red-700",
        text: `The example is not valid JSON: ${(error as Error).message}`,
      };
    }
    if (!verdict) {
      const { outcome, reason } = explainFilter(filter, {
        type,
        product: product || null,
        data,
        customData,
      });
      verdict = outcome.match
        ? { tone: "text-green-800", text: `Matches: ${reason}` }
        : { tone: "text-red-700", text: `Does not match: ${reason}` };
    }
  }

  if (!examples) {
    return (
      <div className="space-y-1">
        <Button variant="secondary" size="sm" onClick={load} disabled={loading}>
          {loading ? "Loading examples…" : "Test against an example payload"}
        </Button>
        {problem && <p className="text-sm text-red-700">{problem}</p>}
      </div>
    );
  }
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="filter-preview">
      <Field id="filter-example-type" label="Example of">
        <Select
          value={type}
          onChange={(e) => {
            setType(e.target.value);
            const chosen = examples.find((x) => x.type === e.target.value);
            setPayload(JSON.stringify(chosen?.payload ?? {}, null, 2));
          }}
        >
          {examples.map((x) => (
            <option key={x.type} value={x.type}>
              {x.type}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id="filter-example-payload"
        label="Example payload (event.data)"
        hint="Edit it to see what the filter makes of other events; nothing is sent."
      >
        <Textarea
          rows={8}
          spellCheck={false}
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
        />
      </Field>
      <p role="status" className={`text-sm font-medium ${verdict?.tone ?? "text-slate-700"}`}>
        {verdict?.text ?? "Write a filter to try it."}
      </p>
    </div>
  );
}

/**
 * The payload filter: a CEL expression checked as it is typed (the same check the server
 * makes), with a preview against the subscribed event types' examples. The wizard passes
 * nothing (the other steps' values are in its form); the HTTP settings form passes what it
 * does not hold.
 */
export function FilterField({
  eventTypes: givenTypes,
  product: givenProduct,
  customData: givenCustomData,
}: {
  eventTypes?: string[];
  product?: string | null;
  customData?: Record<string, unknown> | null;
}) {
  const { register, control, formState } = useFormContext<WebhookFormValues>();
  const filter = useWatch({ control, name: "filter" }) ?? "";
  const watchedTypes = useWatch({ control, name: "eventTypes" });
  const watchedProduct = useWatch({ control, name: "product" });
  const watchedCustomData = useWatch({ control, name: "customData" });
  const eventTypes = givenTypes ?? watchedTypes ?? [];
  const product = givenProduct !== undefined ? givenProduct : (watchedProduct ?? null);
  const customData =
    givenCustomData !== undefined ? givenCustomData : parsedCustomData(watchedCustomData);
  const check = filter.trim() ? checkFilter(filter.trim()) : null;
  // The server's answer on submit, else the live check once something is typed.
  const error = formState.errors.filter?.message ?? (check && !check.ok ? check.error : undefined);
  return (
    <div className="space-y-3">
      <Field
        id="webhook-filter"
        label="Payload filter (optional)"
        hint={
          <>
            A CEL expression over <code>event.type</code>, <code>event.product</code>,{" "}
            <code>event.data</code> and <code>event.custom_data</code>, e.g.{" "}
            <code>{FILTER_EXAMPLE}</code>. Events it does not match make no message; one it fails on
            (a missing field) counts as no match. Empty: every subscribed event.
          </>
        }
        error={error}
      >
        <Textarea
          rows={3}
          spellCheck={false}
          autoComplete="off"
          className="font-mono"
          placeholder={FILTER_EXAMPLE}
          {...register("filter")}
        />
      </Field>
      {check?.ok && <p className="text-sm text-green-800">The filter is valid.</p>}
      <FilterPreview
        filter={filter.trim()}
        eventTypes={eventTypes}
        product={product}
        customData={customData}
      />
    </div>
  );
}
