import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { SendExample } from "@/components/event-types/send-example";
import { roleAllows } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/event-types/queries";

export const metadata: Metadata = { title: "Event types" };

export default async function EventTypesPage() {
  const user = await requireUser();
  const canSend = roleAllows(user.role, "editor");
  const types = await listEventTypes(getDb());
  return (
    <>
      <PageHeader
        title="Event types"
        description="What the back office can publish. Webhooks subscribe to names, or to a family such as application.*."
      />
      <Card className="divide-y divide-slate-200">
        {types.map((type) => (
          <details key={type.name} className="group px-5 py-3">
            <summary className="flex cursor-pointer list-none flex-wrap items-baseline gap-x-4 gap-y-1">
              <code className="font-mono text-sm font-semibold text-slate-900">{type.name}</code>
              <span className="text-sm text-slate-700">{type.description}</span>
              <span className="ml-auto text-xs text-brand-700 group-open:hidden">Show example</span>
            </summary>
            {/* It scrolls on a narrow window; focusable so a keyboard can scroll it too. */}
            <pre
              tabIndex={0}
              className="mt-3 overflow-x-auto rounded-md bg-code p-4 text-xs text-code-fg"
            >
              {JSON.stringify(type.examplePayload, null, 2)}
            </pre>
            {canSend && (
              <div className="mt-3">
                <SendExample choices={[{ type: type.name, payload: type.examplePayload }]} />
              </div>
            )}
          </details>
        ))}
      </Card>
    </>
  );
}
