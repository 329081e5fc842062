import { Link } from "@/components/ui/link";
import { createSearchParamsCache, parseAsStringLiteral, type SearchParams } from "nuqs/server";
import { StatCharts } from "@/components/stats/stat-charts";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import {
  getFilterCounts,
  getStatSeries,
  getWebhookCounters,
  STAT_RANGES,
} from "@/lib/stats/queries";
import { formatDateTime } from "@/lib/utils";
import { loadWebhook } from "@/lib/webhooks/load";

const periodCache = createSearchParamsCache({
  period: parseAsStringLiteral(STAT_RANGES).withDefault("24h"),
});

const PERIOD_WORDS = { "24h": "24 hours", "7d": "7 days", "30d": "30 days" } as const;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

function Counter({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-md border border-slate-200 px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}

export default async function WebhookStatisticsPage({ params, searchParams }: Props) {
  await requireUser();
  const webhook = await loadWebhook((await params).id);
  const { period } = periodCache.parse(await searchParams);
  const db = getDb();
  const [counters, series, filter] = await Promise.all([
    getWebhookCounters(db, webhook.id),
    getStatSeries(db, webhook.id, period),
    getFilterCounts(db, webhook.id, period),
  ]);
  const n = (value: number) => value.toLocaleString("en-US");
  const attemptLink = (last: { at: Date; messageId: string; attempt: number | null } | null) =>
    last ? (
      <Link
        className="text-base text-brand-700 hover:underline"
        href={`/webhooks/${webhook.id}/logs/${last.messageId}#attempt-${last.attempt ?? 1}`}
      >
        {formatDateTime(last.at)}
      </Link>
    ) : (
      "Never"
    );

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Counters"
          description="Since the webhook was created. Kept when old messages are removed."
        />
        <CardBody>
          <dl
            className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5"
            data-testid="counters"
          >
            <Counter label="Events">
              {counters.eventsExact ? "" : "≥ "}
              {n(counters.events)}
            </Counter>
            <Counter label="Triggers">{n(counters.triggers)}</Counter>
            <Counter label="Success responses">{n(counters.successes)}</Counter>
            <Counter label="Failure responses">{n(counters.failures)}</Counter>
            <Counter label="Failures since last success">
              {n(counters.failuresSinceSuccess)}
            </Counter>
            <Counter label="Last event">
              <span className="text-base">{formatDateTime(counters.lastEventAt)}</span>
            </Counter>
            <Counter label="Next trigger">
              <span className="text-base">
                {counters.nextTriggerAt ? formatDateTime(counters.nextTriggerAt) : "None scheduled"}
              </span>
            </Counter>
            <Counter label="Last success">{attemptLink(counters.lastSuccess)}</Counter>
            <Counter label="Last failure">{attemptLink(counters.lastFailure)}</Counter>
          </dl>
        </CardBody>
      </Card>
      {(webhook.filter || filter.unmatched + filter.failed > 0) && (
        <Card>
          <CardHeader
            title="Payload filter"
            description={`Events it turned away over the last ${PERIOD_WORDS[period]}: they made no message.`}
          />
          <CardBody className="space-y-3">
            {webhook.filter ? (
              <pre className="overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900">
                {webhook.filter}
              </pre>
            ) : (
              <p className="text-sm text-slate-700">The webhook has no filter now.</p>
            )}
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-3" data-testid="filter-counters">
              <Counter label="Not matched">{n(filter.unmatched)}</Counter>
              <Counter label="Filter failed">{n(filter.failed)}</Counter>
              <Counter label="Last failure">
                <span className="text-base">
                  {filter.lastError ? formatDateTime(filter.lastError.at) : "None"}
                </span>
              </Counter>
            </dl>
            {filter.lastError && (
              <p className="text-sm text-slate-700" data-testid="filter-last-error">
                Last failure: <code className="font-mono">{filter.lastError.error}</code>. A filter
                that fails counts as no match.
              </p>
            )}
          </CardBody>
        </Card>
      )}
      <StatCharts series={series} range={period} />
    </div>
  );
}
