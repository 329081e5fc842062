import type { AuditEntry } from "@/db/schema";
import { formatDateTime } from "@/lib/utils";

const ACTIONS: Record<string, string> = {
  created: "created the webhook",
  updated: "changed",
  enabled: "enabled the webhook",
  disabled: "disabled the webhook",
  "secret.regenerated": "regenerated the secret",
  "secret.revealed": "revealed the secret",
};

const LABELS: Record<string, string> = {
  eventTypes: "event types",
  connectTimeoutMs: "connect timeout",
  responseTimeoutMs: "response timeout",
  retryPolicy: "retry policy",
  retrySchedule: "retry schedule",
  retryOn: "retry on",
  disableOnFailedTest: "disable on a failed test",
  customData: "custom data",
  disabledReason: "disabled reason",
  filter: "payload filter",
  rateLimitPerSecond: "rate limit (per second)",
  forwardTraceparent: "forward traceparent",
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return value.join(", ");
  return JSON.stringify(value);
}

/** The webhook's audit log: who did what, when, and each field's old and new value. */
export function WebhookHistory({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">No changes recorded.</p>;
  return (
    <ol className="space-y-4" aria-label="History">
      {entries.map((entry) => {
        const changes = Object.entries(entry.changes ?? {});
        const showChanges = entry.action === "updated" || entry.action === "created";
        return (
          <li key={entry.id} className="text-sm">
            <p className="text-slate-900">
              <span className="font-medium">{entry.actorLabel}</span>{" "}
              {ACTIONS[entry.action] ?? entry.action}
              {entry.action === "updated" &&
                ` ${changes.map(([key]) => LABELS[key] ?? key).join(", ")}`}
            </p>
            <time dateTime={entry.at.toISOString()} className="text-xs text-slate-600">
              {formatDateTime(entry.at)}
            </time>
            {showChanges && entry.action === "updated" && changes.length > 0 && (
              <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
                {changes.map(([key, change]) => (
                  <li key={key} className="break-words">
                    <span className="font-medium">{LABELS[key] ?? key}</span>:{" "}
                    <del className="text-slate-500">{show(change.from)}</del> →{" "}
                    <ins className="no-underline">{show(change.to)}</ins>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
