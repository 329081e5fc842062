import { CircleAlert, PowerOff } from "lucide-react";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { createSearchParamsCache, parseAsStringLiteral, type SearchParams } from "nuqs/server";
import { PageHeader } from "@/components/page-header";
import { StatCharts } from "@/components/stats/stat-charts";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import {
  countWebhooksAndPending,
  getAutoDisabledWebhooks,
  getConsoleSummary,
  getFailingWebhooks,
  getStatSeries,
  STAT_RANGES,
} from "@/lib/stats/queries";
import { formatDateTime } from "@/lib/utils";
import { GetStarted } from "./_components/get-started";

export const metadata: Metadata = { title: "Overview" };

const periodCache = createSearchParamsCache({
  period: parseAsStringLiteral(STAT_RANGES).withDefault("24h"),
});

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card className="px-5 py-4">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {hint && <p className="mt-0.5 text-sm text-slate-600">{hint}</p>}
    </Card>
  );
}

/** The console's home: volume and failures across every webhook, and what needs attention. */
export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const { period } = periodCache.parse(await searchParams);
  const db = getDb();
  const [summary, counts, failing, disabled, series] = await Promise.all([
    getConsoleSummary(db),
    countWebhooksAndPending(db),
    getFailingWebhooks(db),
    getAutoDisabledWebhooks(db),
    getStatSeries(db, null, period),
  ]);
  const attempts = summary.successes + summary.failures;
  const n = (v: number) => v.toLocaleString("en-US");
  return (
    <>
      <PageHeader title="Overview" description="Every webhook at a glance. Times in UTC." />
      <div className="space-y-6">
        <GetStarted webhooks={counts.webhooks} canManage={can.manageWebhooks(user.role)} />
        <div
          className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4"
          data-testid="overview-figures"
        >
          <Figure label="Attempts, last 24 hours" value={n(attempts)} />
          <Figure
            label="Failure rate, last 24 hours"
            value={attempts ? `${((summary.failures / attempts) * 100).toFixed(1)} %` : "—"}
            hint={`${n(summary.failures)} failed`}
          />
          <Figure
            label="Webhooks"
            value={n(counts.webhooks)}
            hint={`${n(counts.enabled)} enabled`}
          />
          <Figure label="Messages waiting" value={n(counts.pending)} hint="Created or retrying" />
        </div>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader
              title="Failing now"
              description="Enabled webhooks whose last attempt failed."
            />
            <CardBody>
              {failing.length === 0 ? (
                <p className="text-sm text-slate-600">
                  None. Every enabled webhook answered its last attempt.
                </p>
              ) : (
                <ul className="space-y-2" aria-label="Failing webhooks">
                  {failing.map((w) => (
                    <li key={w.id} className="flex flex-wrap items-baseline gap-x-3 text-sm">
                      <CircleAlert aria-hidden className="size-4 self-center text-red-700" />
                      <Link
                        href={`/webhooks/${w.id}/logs?status=retrying`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {w.name}
                      </Link>
                      <span className="text-slate-700">
                        {n(w.failuresSinceSuccess ?? 0)}{" "}
                        {w.failuresSinceSuccess === 1 ? "failure" : "failures"} since{" "}
                        {formatDateTime(w.failingSince)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Disabled automatically"
              description="Turned off by Hookyard, with the reason."
            />
            <CardBody>
              {disabled.length === 0 ? (
                <p className="text-sm text-slate-600">None.</p>
              ) : (
                <ul className="space-y-2" aria-label="Webhooks disabled automatically">
                  {disabled.map((w) => (
                    <li key={w.id} className="flex flex-wrap items-baseline gap-x-3 text-sm">
                      <PowerOff aria-hidden className="size-4 self-center text-slate-600" />
                      <Link
                        href={`/webhooks/${w.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {w.name}
                      </Link>
                      <span className="text-slate-700">{w.reason}</span>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
        </div>
        <StatCharts series={series} range={period} />
      </div>
    </>
  );
}
