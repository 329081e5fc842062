"use client";

import { Link } from "@/components/ui/link";
import { Send } from "lucide-react";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { DialogClose, Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { sendExampleAction, webhookExamplesAction } from "@/lib/messages/actions";
import type { ExampleChoice, SentExample } from "@/lib/messages/examples";

/**
 * "Send example": an event type's example payload, editable, sent for real — published to
 * every subscribed webhook, or with `webhookId` to that webhook alone — then the messages it
 * made, each linked to its page in the Logs. A webhook's examples are read when the dialog
 * opens, not with every page of the webhook.
 */
export function SendExample({
  choices: givenChoices,
  webhookId,
  product: initialProduct = "",
  label = "Send example",
}: {
  /** The event types offered, each with its example; the first is picked. Without them,
   *  `webhookId`'s event types are read when the dialog opens. */
  choices?: ExampleChoice[];
  webhookId?: string;
  product?: string;
  label?: string;
}) {
  const [open, setOpen] = React.useState(false);
  const [choices, setChoices] = React.useState<ExampleChoice[] | null>(givenChoices ?? null);
  const exampleOf = (list: ExampleChoice[] | null, name: string) =>
    JSON.stringify(list?.find((c) => c.type === name)?.payload ?? {}, null, 2);
  const [type, setType] = React.useState(choices?.[0]?.type ?? "");
  const [payload, setPayload] = React.useState(() => exampleOf(choices, type));
  const [product, setProduct] = React.useState(initialProduct);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [sent, setSent] = React.useState<SentExample | null>(null);
  const [pending, startTransition] = React.useTransition();
  const ids = React.useId();

  function reset(next: boolean) {
    setOpen(next);
    if (next) {
      setSent(null);
      setErrors({});
      if (!choices && webhookId) {
        startTransition(async () => {
          const result = await webhookExamplesAction({ webhookId });
          if (!result.ok) {
            setErrors({ form: result.error });
            return;
          }
          const first = result.data[0]?.type ?? "";
          setChoices(result.data);
          setType(first);
          setPayload(exampleOf(result.data, first));
        });
      }
    }
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      setErrors({ payload: "The payload is not valid JSON" });
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      setErrors({ payload: "The payload must be a JSON object" });
      return;
    }
    startTransition(async () => {
      const result = await sendExampleAction({
        type,
        product: product.trim() || null,
        payload: parsed as Record<string, unknown>,
        webhookId,
      });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? { form: result.error });
        return;
      }
      setErrors({});
      setSent(result.data);
    });
  }

  if (givenChoices && !givenChoices.length) return null;
  return (
    <Modal
      open={open}
      onOpenChange={reset}
      className="w-[min(40rem,calc(100vw-2rem))]"
      title={webhookId ? "Send an example event to this webhook" : `Send ${type}`}
      description={
        webhookId
          ? "A real message to this webhook alone, signed and retried like any other."
          : "A real event: every webhook subscribed to it gets a message."
      }
      trigger={
        <Button variant="secondary" size="sm">
          <Send aria-hidden />
          {label}
        </Button>
      }
    >
      {sent ? (
        <div className="mt-4 space-y-3 text-sm" role="status">
          <p className="text-slate-900">
            {sent.eventId ? (
              <>
                Published <code className="font-mono">{sent.eventId}</code>:{" "}
              </>
            ) : null}
            {sent.messages.length === 0
              ? "no webhook receives it, so no message was made."
              : `${sent.messages.length} ${sent.messages.length === 1 ? "message" : "messages"} on the way.`}
          </p>
          {sent.messages.length > 0 && (
            <ul className="space-y-1" aria-label="Messages sent">
              {sent.messages.map((m) => (
                <li key={m.id}>
                  <Link
                    href={`/webhooks/${m.webhookId}/logs/${m.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {m.webhookName}
                  </Link>{" "}
                  <span className="font-mono text-xs text-slate-600">{m.id}</span>
                </li>
              ))}
            </ul>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setSent(null)}>
              Send another
            </Button>
            <DialogClose asChild>
              <Button>Done</Button>
            </DialogClose>
          </div>
        </div>
      ) : !choices ? (
        <p className="mt-4 text-sm text-slate-600" role={errors.form ? "alert" : "status"}>
          {errors.form ?? "Reading the examples…"}
        </p>
      ) : !choices.length ? (
        <p className="mt-4 text-sm text-slate-600" role="status">
          None of this webhook&apos;s event types is in the catalog any more.
        </p>
      ) : (
        <form onSubmit={submit} className="mt-4 space-y-1" noValidate>
          {choices.length > 1 && (
            <Field id={`${ids}-type`} label="Event type" error={errors.type}>
              <Select
                value={type}
                onChange={(e) => {
                  setType(e.target.value);
                  setPayload(exampleOf(choices, e.target.value));
                }}
              >
                {choices.map((c) => (
                  <option key={c.type} value={c.type}>
                    {c.type}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {choices.length === 1 && errors.type && (
            <p role="alert" className="text-sm text-red-700">
              {errors.type}
            </p>
          )}
          <Field
            id={`${ids}-product`}
            label="Product"
            hint="Optional: webhooks limited to another product do not get it"
            error={errors.product}
          >
            <Input value={product} onChange={(e) => setProduct(e.target.value)} maxLength={64} />
          </Field>
          <Field id={`${ids}-payload`} label="Payload (JSON)" error={errors.payload}>
            <Textarea
              value={payload}
              onChange={(e) => setPayload(e.target.value)}
              rows={12}
              spellCheck={false}
              className="font-mono text-xs"
            />
          </Field>
          {errors.form && (
            <p role="alert" className="text-sm text-red-700">
              {errors.form}
            </p>
          )}
          <div className="flex justify-end gap-2 pt-2">
            <DialogClose asChild>
              <Button variant="secondary" type="button">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? "Sending…" : "Send"}
            </Button>
          </div>
        </form>
      )}
    </Modal>
  );
}
