"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import * as React from "react";
import { useForm, type FieldValues, type Path, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/result";

/**
 * A react-hook-form form validated in the browser with an operation's zod schema and saved by
 * its server action, which validates again with the same schema. Field errors from the server
 * land on their fields; `onFieldErrors` may react too (the wizard jumps to the step).
 */
export function useActionForm<V extends FieldValues, T>({
  schema,
  defaultValues,
  action,
  success,
  onSuccess,
  onFieldErrors,
}: {
  schema: z.ZodType;
  defaultValues: V;
  action: (values: V) => Promise<ActionResult<T>>;
  success: string;
  onSuccess?: (data: T) => void;
  onFieldErrors?: (fields: string[]) => void;
}) {
  const form = useForm<V>({
    resolver: zodResolver(schema as never) as unknown as Resolver<V>,
    defaultValues: defaultValues as never,
    mode: "onTouched",
  });
  const [pending, startTransition] = React.useTransition();

  const submit = form.handleSubmit(
    () =>
      startTransition(async () => {
        // The raw values: the server parses them with the same schema.
        const result = await action(form.getValues());
        if (result.ok) {
          toast.success(success);
          onSuccess?.(result.data);
          return;
        }
        const fields = Object.entries(result.fieldErrors ?? {}).filter(([key]) => key !== "form");
        for (const [key, message] of fields) {
          form.setError(key.split(".")[0] as Path<V>, { type: "server", message });
        }
        if (fields.length) onFieldErrors?.(fields.map(([key]) => key.split(".")[0]!));
        toast.error(result.fieldErrors?.form ?? result.error);
      }),
    (errors) => onFieldErrors?.(Object.keys(errors)),
  );
  return { form, submit, pending };
}
