"use client";

import { ArrowRight, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { clearInboxAction } from "@/lib/inbox/actions";

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function OpenInboxForm({ suggestion }: { suggestion: string }) {
  const router = useRouter();
  const [name, setName] = React.useState(suggestion);
  const [error, setError] = React.useState<string>();
  return (
    <form
      noValidate
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (!NAME_RE.test(name)) {
          return setError("Use 1 to 64 letters, digits, - and _");
        }
        router.push(`/inbox/${name}`);
      }}
    >
      <Field
        id="inbox-name"
        label="Inbox name"
        hint="Any name: the inbox exists as soon as something is sent to it."
        error={error}
        className="min-w-[min(16rem,100%)] flex-1"
      >
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} />
      </Field>
      <Button type="submit" className="mb-5">
        Open inbox
        <ArrowRight aria-hidden />
      </Button>
    </form>
  );
}

export function CopyUrlButton({ url }: { url: string }) {
  return <CopyButton value={url} what="Inbox URL" label="Copy URL" />;
}

export function ClearInboxButton({ inbox }: { inbox: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      title={`Clear the ${inbox} inbox?`}
      description="Every request it recorded is deleted."
      confirmLabel="Clear"
      onConfirm={async () => {
        if (toastResult(await clearInboxAction({ inbox }), "Inbox cleared")) router.refresh();
      }}
      trigger={
        <Button variant="secondary">
          <Trash2 aria-hidden />
          Clear
        </Button>
      }
    />
  );
}
