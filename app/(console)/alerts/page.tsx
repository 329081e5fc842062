import type { Metadata } from "next";
import { AlertList } from "@/components/alerts/alert-list";
import { PageHeader } from "@/components/page-header";
import { Link } from "@/components/ui/link";
import { getDb } from "@/db";
import { listAlerts } from "@/lib/alerts/queries";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const unreadOnly = params.show === "unread";
  const older = typeof params.older === "string" ? params.older.slice(0, 200) : null;
  const page = await listAlerts(getDb(), { userId: user.id, unreadOnly, older });
  const olderHref = page.older
    ? `/alerts?${new URLSearchParams({ ...(unreadOnly ? { show: "unread" } : {}), older: page.older })}`
    : null;
  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          <>
            What needs an operator, last changed first. The same alerts go, as{" "}
            <code className="font-mono">hookyard.*</code> events, to the operational webhooks
            {user.role === "admin" ? (
              <>
                {" "}
                of{" "}
                <Link href="/settings#operational" className="underline">
                  Settings
                </Link>
              </>
            ) : null}
            .
          </>
        }
      />
      <AlertList alerts={page.alerts} unreadOnly={unreadOnly} olderHref={olderHref} />
    </>
  );
}
