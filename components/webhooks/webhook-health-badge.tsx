import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/utils";
import { webhookHealth, type WebhookHealthFields } from "@/lib/webhooks/health";

/**
 * A webhook's health in a few words: its last outcome, or why Hookyard turned it off. A long
 * reason is cut short on screen; the whole of it is in the title and read by screen readers
 * (the text is all there, only clipped).
 */
export function WebhookHealthBadge({ webhook }: { webhook: WebhookHealthFields }) {
  const health = webhookHealth(webhook);
  switch (health.kind) {
    case "disabled":
      return (
        <Badge tone="warning" className="max-w-56" title={`Disabled: ${health.reason}`}>
          <span className="truncate">Disabled: {health.reason}</span>
        </Badge>
      );
    case "failing": {
      const n = health.failures;
      const text = `Failing — ${n ? `${n.toLocaleString("en-US")} ${n === 1 ? "failure" : "failures"} ` : ""}since ${formatDateTime(health.since)}`;
      return (
        <Badge tone="danger" className="whitespace-nowrap">
          {text}
        </Badge>
      );
    }
    case "healthy":
      return (
        <Badge tone="success" title={`Last delivery succeeded ${formatDateTime(health.at)}`}>
          Healthy
        </Badge>
      );
    case "never":
      return <Badge className="whitespace-nowrap">No deliveries yet</Badge>;
  }
}
