import { Send, Webhook } from "lucide-react";
import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

/**
 * The Overview before any webhook exists: what to do first. An editor or admin creates a
 * webhook, then sends an event type's example to it (Event types, Send example); a viewer,
 * who can do neither, is told who can. Nothing once there is a webhook.
 */
export function GetStarted({ webhooks, canManage }: { webhooks: number; canManage: boolean }) {
  if (webhooks > 0) return null;
  return (
    <Card data-testid="get-started">
      <CardHeader
        title="Get started"
        description="No webhooks yet: nothing is sent until one subscribes to your events."
      />
      <CardBody>
        {canManage ? (
          <ol className="space-y-4 text-sm text-slate-700" aria-label="First steps">
            <li className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <Button asChild>
                <Link href="/webhooks/new">
                  <Webhook aria-hidden />
                  Create your first webhook
                </Link>
              </Button>
              <span>Give it your endpoint&apos;s URL and the event types it wants.</span>
            </li>
            <li className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <Button asChild variant="secondary">
                <Link href="/event-types">
                  <Send aria-hidden />
                  Send a test event
                </Link>
              </Button>
              <span>Each event type has a Send example button; watch it arrive in the Logs.</span>
            </li>
          </ol>
        ) : (
          <p className="text-sm text-slate-700">
            An editor or admin can create the first webhook; your role can read everything once
            there is one.
          </p>
        )}
      </CardBody>
    </Card>
  );
}
