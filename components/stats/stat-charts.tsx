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
import { dayTicks, type StatPoint, type StatRange } from "@/lib/stats/series";
import { cn } from "@/lib/utils";

const RANGES: { value: StatRange; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

/**
 * An axis label: the hour on the 24-hour axis; on the longer ones the day, with its month
 * on the first and on the 1st of a month for 7 days, where only short labels fit a day each.
 */
const tick = (range: StatRange, first: string | undefined) => (iso: string) => {
  const d = new Date(iso);
  if (range === "24h") return `${String(d.getUTCHours()).padStart(2, "0")}:00`;
  const month = d.toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  return range === "7d" && iso !== first && d.getUTCDate() !== 1
    ? String(d.getUTCDate())
    : `${d.getUTCDate()} ${month}`;
};

const label = (iso: unknown) =>
  `${new Date(String(iso)).toISOString().slice(0, 16).replace("T", " ")} UTC`;

// One frame for all three charts, so their plot areas line up: the same margins, Y-axis
// width and legend height (a chart without a legend would have a taller plot, its axis lower).
const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 48;
const LEGEND_HEIGHT = 28;

// An interval without attempts has no success rate and no response time: the lines break
// there rather than drawing a value across it, and a dot marks each interval that has one,
// so an interval alone between empty ones still shows.
/** The series' colours: CSS variables (app/globals.css), so dark mode has its own. */
const COLORS = {
  success: "var(--color-chart-success)",
  failure: "var(--color-chart-failure)",
  rate: "var(--color-chart-rate)",
  p50: "var(--color-chart-p50)",
  p95: "var(--color-chart-p95)",
  axis: "var(--color-chart-axis)",
  grid: "var(--color-chart-grid)",
};
const AXIS = { stroke: COLORS.grid, tick: { fill: COLORS.axis, fontSize: 11 } };
const TOOLTIP = {
  contentStyle: {
    background: "var(--color-white)",
    borderColor: "var(--color-slate-200)",
    color: "var(--color-slate-900)",
  },
  cursor: { fill: "var(--color-slate-100)" },
};

const dot = (color: string) => ({ r: 3, strokeWidth: 0, fill: color });

/** A chart under its caption, or a line saying there is nothing to draw. */
function ChartFigure({
  caption,
  description,
  empty,
  children,
}: {
  caption: string;
  description: string;
  empty: boolean;
  children: React.ReactElement;
}) {
  return (
    <figure>
      <figcaption className="mb-2 text-sm font-medium text-slate-800">{caption}</figcaption>
      {empty ? (
        <p className="flex h-56 items-center justify-center rounded-md border border-dashed border-slate-200 text-sm text-slate-600">
          No attempts in this period
        </p>
      ) : (
        <div className="h-56" role="img" aria-label={description}>
          <ResponsiveContainer>{children}</ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

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
  const common = { data: series, margin: MARGIN };
  // Hours label themselves, thinned evenly by recharts. A day-long range has several points
  // a day: its axis gets one tick per UTC day instead, every one of them for 7 days, evenly
  // thinned for 30 (thinning the points' own labels skipped days and repeated others).
  const days = range === "24h" ? undefined : dayTicks(series);
  const xAxis = (
    <XAxis
      dataKey="start"
      // Bands, as the bar chart's: a point and its bar sit at the same place on every chart.
      scale="band"
      tickFormatter={tick(range, days?.[0])}
      {...AXIS}
      ticks={days}
      interval={range === "7d" ? 0 : "equidistantPreserveStart"}
      minTickGap={range === "24h" ? 16 : 8}
    />
  );
  const grid = <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={COLORS.grid} />;
  const legend = <Legend height={LEGEND_HEIGHT} />;

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
        <ChartFigure
          caption="Attempts by outcome"
          description={`Attempts by outcome: ${totals.successes} successful, ${totals.failures} failed`}
          empty={totals.successes + totals.failures === 0}
        >
          <BarChart {...common}>
            {grid}
            {xAxis}
            <YAxis allowDecimals={false} width={Y_AXIS_WIDTH} {...AXIS} />
            <Tooltip labelFormatter={label} {...TOOLTIP} />
            {legend}
            <Bar dataKey="successes" name="Success" stackId="a" fill={COLORS.success} />
            <Bar dataKey="failures" name="Failure" stackId="a" fill={COLORS.failure} />
          </BarChart>
        </ChartFigure>
        <ChartFigure
          caption="Success rate (%)"
          description="Success rate per interval"
          empty={series.every((p) => p.successRate === null)}
        >
          <LineChart {...common}>
            {grid}
            {xAxis}
            <YAxis domain={[0, 100]} width={Y_AXIS_WIDTH} {...AXIS} />
            <Tooltip labelFormatter={label} {...TOOLTIP} />
            {legend}
            <Line
              dataKey="successRate"
              name="Success rate"
              stroke={COLORS.rate}
              dot={dot(COLORS.rate)}
            />
          </LineChart>
        </ChartFigure>
        <ChartFigure
          caption="Response time (ms)"
          description="Response time p50 and p95 per interval"
          empty={series.every((p) => p.p50 === null)}
        >
          <LineChart {...common}>
            {grid}
            {xAxis}
            <YAxis width={Y_AXIS_WIDTH} {...AXIS} />
            <Tooltip labelFormatter={label} {...TOOLTIP} />
            {legend}
            <Line dataKey="p50" name="p50" stroke={COLORS.p50} dot={dot(COLORS.p50)} />
            <Line dataKey="p95" name="p95" stroke={COLORS.p95} dot={dot(COLORS.p95)} />
          </LineChart>
        </ChartFigure>
      </CardBody>
    </Card>
  );
}
