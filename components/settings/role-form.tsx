"use client";

import * as React from "react";
import { Select } from "@/components/ui/input";
import { ROLES, type Role } from "@/db/schema/enums";
import type { ActionResult } from "@/lib/actions/result";

export const roleLabel = (role: Role) => role[0]!.toUpperCase() + role.slice(1);

/** A role picker: the three roles, labelled. */
export function RoleSelect(props: Omit<React.ComponentProps<typeof Select>, "children">) {
  return (
    <Select {...props}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {roleLabel(r)}
        </option>
      ))}
    </Select>
  );
}

/**
 * The state of a "text and a role" form (an API key's name, an invitee's email) whose
 * action returns something to show once: the error on `field`, or the result.
 */
export function useRoleForm<T>(
  initialRole: Role,
  field: string,
  submit: (value: string, role: Role) => Promise<ActionResult<T>>,
) {
  const [value, setValue] = React.useState("");
  const [role, setRole] = React.useState<Role>(initialRole);
  const [error, setError] = React.useState<string>();
  const [fieldErrors, setFieldErrors] = React.useState<Record<string, string>>();
  const [result, setResult] = React.useState<T | null>(null);
  const [pending, startTransition] = React.useTransition();
  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const answer = await submit(value, role);
      if (!answer.ok) {
        // The form's other fields show their own errors (`fieldErrors`).
        setError(answer.fieldErrors?.[field] ?? (answer.fieldErrors ? undefined : answer.error));
        setFieldErrors(answer.fieldErrors);
        return;
      }
      setError(undefined);
      setFieldErrors(undefined);
      setValue("");
      setResult(answer.data);
    });
  };
  return {
    value,
    setValue,
    role,
    setRole,
    error,
    fieldErrors,
    result,
    setResult,
    pending,
    onSubmit,
  };
}
