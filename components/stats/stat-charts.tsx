"use client";

import { parseAsStringLiteral, useQueryState } from "nuqs";
import * as React from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { StatPoint, StatRange } from "@/lib/stats/queries";
import { cn } from "@/lib/utils";

const RANGES: { value: StatRange; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

const tick = (range: StatRange) => (iso: string) => {
  const d = new Date(iso);
  return range === "24h"
    ? `${String(d.getUTCHours()).padStart(2, "0")}:00`
    : `${d.getUTCDate()} ${d.toLocaleString("en-GB", { month: "short", timeZone: "UTC" })}`;
};

const label = (iso: unknown) =>
  `${new Date(String(iso)).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The Statistics tab's charts: deliveries by outcome, success rate, p50/p95 response time. */
export function StatCharts({ series, range }: { series: StatPoint[]; range: StatRange }) {
  const [, setRange] = useQueryState(
    "period",
    parseAsStringLiteral(["24h", "7d", "30d"] as const)
      .withDefault("24h")
      .withOptions({ shallow: false, history: "replace" }),
  );
  const [, startTransition] = React.useTransition();
  const totals = series.reduce(
    (t, p) => ({ successes: t.successes + p.successes, failures: t.failures + p.failures }),
    { successes: 0, failures: 0 },
  );
  const format = tick(range);
  const common = { data: series, margin: { top: 8, right: 16, bottom: 0, left: 0 } };

  return (
    <Card>
      <CardHeader
        title="Deliveries over time"
        description={`${totals.successes.toLocaleString("en-US")} successful and ${totals.failures.toLocaleString("en-US")} failed attempts in the last ${RANGES.find((r) => r.value === range)!.label}. Times in UTC.`}
        actions={
          <div
            role="group"
            aria-label="Period"
            className="inline-flex rounded-md border border-slate-300"
          >
            {RANGES.map((r) => (
              <button
                key={r.value}
                type="button"
                aria-pressed={range === r.value}
                onClick={() => startTransition(() => void setRange(r.value))}
                className={cn(
                  "px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md",
                  range === r.value
                    ? "bg-brand-600 text-white"
                    : "text-slate-700 hover:bg-slate-100",
                )}
              >
                {r.label}
              </button>
            ))}
          </div>
        }
      />
      <CardBody className="grid gap-8 xl:grid-cols-3">
        <figure>
          <figcaption className="mb-2 text-sm font-medium text-slate-800">
            Attempts by outcome
          </figcaption>
          <div
            className="h-56"
            role="img"
            aria-label={`Attempts by outcome: ${totals.successes} successful, ${totals.failures} failed`}
          >
            <ResponsiveContainer>
              <BarChart {...common}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="start" tickFormatter={format} fontSize={11} minTickGap={16} />
                <YAxis allowDecimals={false} fontSize={11} width={40} />
                <Tooltip labelFormatter={label} />
                <Legend />
                <Bar dataKey="successes" name="Success" stackId="a" fill="#15803d" />
                <Bar dataKey="failures" name="Failure" stackId="a" fill="#b91c1c" />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
        <figure>
          <figcaption className="mb-2 text-sm font-medium text-slate-800">
            Success rate (%)
          </figcaption>
          <div className="h-56" role="img" aria-label="Success rate per interval">
            <ResponsiveContainer>
              <LineChart {...common}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="start" tickFormatter={format} fontSize={11} minTickGap={16} />
                <YAxis domain={[0, 100]} fontSize={11} width={40} />
                <Tooltip labelFormatter={label} />
                <Line
                  dataKey="successRate"
                  name="Success rate"
                  stroke="#1d4ed8"
                  dot={false}
                  connectNulls
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
        <figure>
          <figcaption className="mb-2 text-sm font-medium text-slate-800">
            Response time (ms)
          </figcaption>
          <div className="h-56" role="img" aria-label="Response time p50 and p95 per interval">
            <ResponsiveContainer>
              <LineChart {...common}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="start" tickFormatter={format} fontSize={11} minTickGap={16} />
                <YAxis fontSize={11} width={48} />
                <Tooltip labelFormatter={label} />
                <Legend />
                <Line dataKey="p50" name="p50" stroke="#0f766e" dot={false} connectNulls />
                <Line dataKey="p95" name="p95" stroke="#b45309" dot={false} connectNulls />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
      </CardBody>
    </Card>
  );
}
