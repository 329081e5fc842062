"use client";

import { Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "./button";

/** Copies `value` to the clipboard, saying so in a toast (or that the browser refused). */
export function CopyButton({
  value,
  what,
  label = "Copy",
}: {
  value: string;
  what: string;
  label?: string;
}) {
  return (
    <Button
      size="sm"
      variant="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          toast.success(`${what} copied to the clipboard`);
        } catch {
          toast.error(
            `The browser refused the clipboard; select the ${what.toLowerCase()} and copy it.`,
          );
        }
      }}
    >
      <Copy aria-hidden />
      {label}
    </Button>
  );
}
