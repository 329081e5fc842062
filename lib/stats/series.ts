/**
 * The charts' series: which intervals a range has and what each point holds. Shared by the
 * query that fills them and the charts that draw them, so no database code here: the charts
 * run in the browser.
 */
export const STAT_RANGES = ["24h", "7d", "30d"] as const;
export type StatRange = (typeof STAT_RANGES)[number];

/** Each range's span and the width of one point of its charts. */
const RANGE_SHAPE: Record<StatRange, { spanHours: number; stepHours: number }> = {
  "24h": { spanHours: 24, stepHours: 1 },
  "7d": { spanHours: 7 * 24, stepHours: 6 },
  "30d": { spanHours: 30 * 24, stepHours: 24 },
};

export interface StatPoint {
  /** The interval's start, ISO 8601 in UTC. */
  start: string;
  successes: number;
  failures: number;
  /** Percent of attempts that succeeded; null when there were none. */
  successRate: number | null;
  p50: number | null;
  p95: number | null;
}

/**
 * The intervals of a range, oldest first, the last one holding `now`: their starts (epoch
 * ms) and width. Counted from the epoch, a UTC midnight, in steps that divide a day, so
 * every UTC day in the range begins an interval of its own whatever `now` is.
 */
export function statIntervals(range: StatRange, now: Date): { starts: number[]; stepMs: number } {
  const { spanHours, stepHours } = RANGE_SHAPE[range];
  const stepMs = stepHours * 3600_000;
  const end = Math.floor(now.getTime() / stepMs) * stepMs + stepMs;
  const first = end - spanHours * 3600_000;
  return {
    starts: Array.from({ length: spanHours / stepHours }, (_, i) => first + i * stepMs),
    stepMs,
  };
}

/** The points that begin a UTC day: the day-long ranges' axis ticks, one per day. */
export function dayTicks(series: Pick<StatPoint, "start">[]): string[] {
  return series.map((p) => p.start).filter((start) => new Date(start).getUTCHours() === 0);
}
