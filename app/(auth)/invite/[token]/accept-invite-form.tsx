"use client";

import * as React from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/actions/result";
import { acceptInviteAction } from "@/lib/users/actions";

export function AcceptInviteForm({ token }: { token: string }) {
  const [name, setName] = React.useState("");
  const [password, setPassword] = React.useState("");
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [error, setError] = React.useState<string>();
  const [pending, startTransition] = React.useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await acceptInviteAction({ token, name, password });
      // On success the action redirects to sign-in.
      if (result && !result.ok) {
        setErrors(result.fieldErrors ?? {});
        setError(result.fieldErrors ? undefined : result.error);
      }
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field id="invite-name" label="Your name" error={errors.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
      </Field>
      <Field
        id="invite-password"
        label="Password"
        hint="At least 12 characters"
        error={errors.password}
      >
        <Input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
        />
      </Field>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Create my account"}
      </Button>
    </form>
  );
}
