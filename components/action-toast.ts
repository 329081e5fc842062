"use client";

import { toast } from "sonner";
import type { ActionResult } from "@/lib/actions/result";

/** Shows a server action's result as a toast and returns whether it succeeded. */
export function toastResult<T>(
  result: ActionResult<T>,
  success: string,
): result is { ok: true; data: T } {
  if (result.ok) {
    toast.success(success);
    return true;
  }
  toast.error(result.error);
  return false;
}
