"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { AlertTriangle, BellOff, Clock, Power, XCircle } from "lucide-react";
import { toastResult } from "@/components/action-toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";
import { markAlertsReadAction } from "@/lib/alerts/actions";
import type { AlertView } from "@/lib/alerts/queries";
import { cn, formatDateTime } from "@/lib/utils";

const ICONS: Record<string, React.ComponentType<{ className?: string }>> = {
  "hookyard.webhook_disabled": Power,
  "hookyard.message_failed": XCircle,
  "hookyard.webhook_failing": AlertTriangle,
  "hookyard.job_failed": Clock,
};

/** Where an alert's subject is looked at. */
function subjectHref(alert: AlertView): string | null {
  if (!alert.webhookId) return null;
  if (alert.type === "hookyard.message_failed") {
    return `/webhooks/${alert.webhookId}/logs?status=failed`;
  }
  return `/webhooks/${alert.webhookId}`;
}

export function AlertList({
  alerts,
  unreadOnly,
  olderHref,
}: {
  alerts: AlertView[];
  unreadOnly: boolean;
  olderHref: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = React.useTransition();
  const markRead = (ids: string[] | "all", done: string) =>
    startTransition(async () => {
      const result = await markAlertsReadAction({ ids });
      toastResult(result, done);
      router.refresh();
    });
  const unread = alerts.filter((a) => a.unread);
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
        <nav aria-label="Which alerts" className="flex gap-1 text-sm">
          {[
            { href: "/alerts", label: "All", current: !unreadOnly },
            { href: "/alerts?show=unread", label: "Unread", current: unreadOnly },
          ].map((tab) => (
            <Link
              key={tab.label}
              href={tab.href}
              aria-current={tab.current ? "page" : undefined}
              className={cn(
                "rounded-md px-3 py-1.5 font-medium",
                tab.current ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              {tab.label}
            </Link>
          ))}
        </nav>
        <Button
          variant="secondary"
          size="sm"
          disabled={pending || !unread.length}
          onClick={() => markRead("all", "Every alert is marked read")}
        >
          Mark all as read
        </Button>
      </div>
      {alerts.length === 0 ? (
        <EmptyState
          icon={<BellOff />}
          title={unreadOnly ? "Nothing unread" : "No alerts"}
          description="Hookyard raises an alert when a webhook is disabled by itself or has failed for an hour, when a message fails for good, and when a background job fails."
        />
      ) : (
        <ul className="divide-y divide-slate-200" aria-label="Alerts">
          {alerts.map((alert) => {
            const Icon = ICONS[alert.type] ?? AlertTriangle;
            const href = subjectHref(alert);
            return (
              <li
                key={alert.id}
                data-testid="alert"
                data-unread={alert.unread || undefined}
                className={cn(
                  "flex flex-wrap items-start gap-3 px-5 py-3",
                  alert.unread && "bg-brand-50/40",
                )}
              >
                <Icon aria-hidden className="mt-0.5 size-5 shrink-0 text-slate-500" />
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-900">
                    {href ? (
                      <Link href={href} className="hover:underline">
                        {alert.title}
                      </Link>
                    ) : (
                      alert.title
                    )}
                  </p>
                  {alert.detail && (
                    <p className="mt-0.5 break-words text-sm text-slate-600">{alert.detail}</p>
                  )}
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <code className="font-mono">{alert.type}</code>
                    <span>{formatDateTime(alert.updatedAt)}</span>
                    {alert.unread && <Badge tone="info">Unread</Badge>}
                  </p>
                </div>
                {alert.unread && (
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={pending}
                    onClick={() => markRead([alert.id], "Marked read")}
                  >
                    Mark as read
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {olderHref && (
        <div className="border-t border-slate-200 px-5 py-3 text-sm">
          <Link href={olderHref} className="font-medium text-brand-700 hover:underline">
            Older alerts
          </Link>
        </div>
      )}
    </Card>
  );
}
