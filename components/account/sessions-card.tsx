"use client";

import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { endOtherSessionsAction, endSessionAction } from "@/lib/users/actions";
import { formatDateTime } from "@/lib/utils";

export interface SessionListItem {
  id: string;
  browser: string;
  address: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/** The browsers signed in to the account; any but this one can be ended. */
export function SessionsCard({ sessions }: { sessions: SessionListItem[] }) {
  const [pending, startTransition] = React.useTransition();
  const others = sessions.filter((s) => !s.current).length;

  const endOne = (session: SessionListItem) =>
    startTransition(async () => {
      toastResult(
        await endSessionAction({ id: session.id }),
        `The ${session.browser} session ended`,
      );
    });
  const endOthers = () =>
    startTransition(async () => {
      toastResult(await endOtherSessionsAction({}), "Your other sessions ended");
    });

  return (
    <Card className="max-w-4xl">
      <CardHeader
        title="Sessions"
        description="Where you are signed in. A session ends when it signs out, after 12 hours unused, and — all but this one — when you change your password."
        actions={
          others > 0 && (
            <Button variant="secondary" size="sm" disabled={pending} onClick={endOthers}>
              End all other sessions
            </Button>
          )
        }
      />
      {/* The table scrolls on a narrow window: focusable so a keyboard can scroll it too, and
          relative so its sr-only labels scroll with it instead of widening the page. */}
      <CardBody
        className="relative overflow-x-auto"
        tabIndex={0}
        role="region"
        aria-label="Sessions"
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your sessions</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th className="py-2 pr-4 font-medium">Browser</th>
              <th className="py-2 pr-4 font-medium">Address</th>
              <th className="py-2 pr-4 font-medium">Signed in</th>
              <th className="py-2 pr-4 font-medium">Last active</th>
              <th className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {sessions.map((session) => (
              <tr
                key={session.id}
                data-testid={session.current ? "current-session" : "other-session"}
              >
                <td className="py-2 pr-4 font-medium text-slate-900">{session.browser}</td>
                <td className="py-2 pr-4 text-slate-700">{session.address ?? "Unknown"}</td>
                <td className="py-2 pr-4 text-slate-700">{formatDateTime(session.createdAt)}</td>
                <td className="py-2 pr-4 text-slate-700">{formatDateTime(session.lastSeenAt)}</td>
                <td className="py-2 text-right">
                  {session.current ? (
                    <Badge tone="info">This session</Badge>
                  ) : (
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={pending}
                      onClick={() => endOne(session)}
                      aria-label={`End the ${session.browser} session signed in ${formatDateTime(session.createdAt)}`}
                    >
                      End
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardBody>
    </Card>
  );
}
