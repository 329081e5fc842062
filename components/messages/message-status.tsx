import { Badge } from "@/components/ui/badge";
import type { MessageStatus } from "@/db/schema";

const TONES = {
  created: "neutral",
  retrying: "warning",
  success: "success",
  failed: "danger",
  cancelled: "neutral",
} as const;

/** A message still to be attempted: when, and why it waits, mean something. */
export const isPending = (status: MessageStatus) => status === "created" || status === "retrying";

export const STATUS_LABELS: Record<MessageStatus, string> = {
  created: "Created",
  retrying: "Retrying",
  success: "Success",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** A message's status, as a word and a colour (APIIDA's five statuses). */
export function MessageStatusBadge({ status }: { status: MessageStatus }) {
  return (
    <Badge tone={TONES[status]} data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
