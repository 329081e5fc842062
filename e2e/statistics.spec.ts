import type { Locator, Page } from "@playwright/test";
import { expect, insertWebhooks, sql, test, uniqueName } from "./fixtures";

/**
 * Attempts of a webhook counted into the hour `hoursAgo` before this one, as the delivery
 * counts them (lib/stats/record.ts): all answered in 75–100 ms, the 7th latency bin of 20.
 */
async function countIntoHour(
  webhookId: string,
  {
    successes,
    failures = 0,
    hoursAgo = 0,
  }: { successes: number; failures?: number; hoursAgo?: number },
) {
  await sql(
    `insert into webhook_stat_buckets (webhook_id, hour, successes, failures, latency)
     select $1, date_trunc('hour', now(), 'UTC') - $2 * interval '1 hour', $3, $4,
            array_agg(case when i = 7 then $3::int + $4::int else 0 end order by i)
     from generate_series(1, 20) i`,
    [webhookId, hoursAgo, successes, failures],
  );
}

const chart = (page: Page, caption: string) => page.getByRole("figure", { name: caption });
const CAPTIONS = ["Attempts by outcome", "Success rate (%)", "Response time (ms)"];

/**
 * Where each chart's plot sits inside its figure, each placing once: one entry when all three
 * line up.
 */
async function plotAreas(page: Page) {
  const areas = await Promise.all(
    CAPTIONS.map(async (caption) => {
      const figure = chart(page, caption);
      const [box, grid, axis] = await Promise.all([
        figure.boundingBox(),
        figure.locator(".recharts-cartesian-grid").boundingBox(),
        figure.locator(".recharts-xAxis .recharts-cartesian-axis-line").boundingBox(),
      ]);
      return {
        left: Math.round(grid!.x - box!.x),
        width: Math.round(grid!.width),
        top: Math.round(grid!.y - box!.y),
        axis: Math.round(axis!.y - box!.y),
      };
    }),
  );
  return [...new Set(areas.map((area) => JSON.stringify(area)))];
}

const xLabels = (figure: Locator) => figure.locator(".recharts-xAxis-tick-labels text");

/** The last `n` UTC days, today last, as the day-long axes label them ("29 Nov"). */
function lastDays(n: number, now = new Date()) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(today - (n - 1 - i) * 86_400_000);
    return `${day.getUTCDate()} ${day.toLocaleString("en-GB", { month: "short", timeZone: "UTC" })}`;
  });
}

/** The 7-day axis as it should read: every day once, the month on the first and on a 1st. */
const sevenDayAxis = () =>
  lastDays(7).map((label, i) => (i === 0 || label.startsWith("1 ") ? label : label.split(" ")[0]!));

/** A webhook of its own with 24 successful attempts in this hour, as a new user's first. */
async function webhookWithOneHour(name: string) {
  const [id] = await insertWebhooks([{ name: uniqueName(name) }]);
  await countIntoHour(id!, { successes: 24 });
  return id!;
}

test("attempts made within one hour draw as points on every range", async ({ page }) => {
  const id = await webhookWithOneHour("One hour");
  for (const period of ["24h", "7d", "30d"]) {
    await page.goto(`/webhooks/${id}/statistics?period=${period}`);
    await expect(page.getByText("24 successful and 0 failed attempts")).toBeVisible();
    // One interval has attempts: its point shows as a dot, one per line.
    const rate = chart(page, "Success rate (%)").locator(".recharts-line-dot");
    await expect(rate, period).toHaveCount(1);
    await expect(rate).toBeVisible();
    const times = chart(page, "Response time (ms)").locator(".recharts-line-dot");
    await expect(times, period).toHaveCount(2);
    for (const dot of await times.all()) await expect(dot).toBeVisible();
    await expect(chart(page, "Attempts by outcome").locator(".recharts-bar-rectangle")).toHaveCount(
      1,
    );
  }
});

test("the three charts' plot areas line up on every range", async ({ page }) => {
  const id = await webhookWithOneHour("Lined up");
  for (const period of ["24h", "7d", "30d"]) {
    await page.goto(`/webhooks/${id}/statistics?period=${period}`);
    await expect(page.locator(".recharts-cartesian-grid")).toHaveCount(3);
    await expect.poll(() => plotAreas(page), period).toHaveLength(1);
  }
});

test("the 7-day axis shows every UTC day once; the 30-day one days evenly spaced", async ({
  page,
}) => {
  const id = await webhookWithOneHour("Days");
  await page.goto(`/webhooks/${id}/statistics?period=7d`);
  for (const caption of CAPTIONS) {
    await expect(xLabels(chart(page, caption)), caption).toHaveText(sevenDayAxis());
  }

  // 30 days, where a label a day does not fit: days evenly spaced, none twice.
  await page.goto(`/webhooks/${id}/statistics?period=30d`);
  const labels = xLabels(chart(page, "Success rate (%)"));
  await expect(labels.first()).toBeVisible();
  const shown = await labels.allTextContents();
  const at = shown.map((label) => lastDays(30).indexOf(label));
  expect(at, shown.join(", ")).not.toContain(-1);
  const steps = new Set(at.slice(1).map((day, i) => day - at[i]!));
  expect([...steps].every((step) => step > 0) && steps.size <= 1, shown.join(", ")).toBe(true);
});

test("a success rate is not drawn across hours without attempts", async ({ page }) => {
  const [id] = await insertWebhooks([{ name: uniqueName("Two hours") }]);
  await countIntoHour(id!, { successes: 12, failures: 12, hoursAgo: 3 });
  await countIntoHour(id!, { successes: 24 });

  await page.goto(`/webhooks/${id}/statistics`);
  const rate = chart(page, "Success rate (%)");
  await expect(rate.locator(".recharts-line-dot")).toHaveCount(2);
  // Two points on their own: the line has no segment from 50 % to 100 % over the empty hours.
  await expect(rate.locator(".recharts-line-curve")).not.toHaveAttribute("d", /L/);
});

test("a webhook without attempts says so in each chart", async ({ page }) => {
  const [id] = await insertWebhooks([{ name: uniqueName("No attempts") }]);
  for (const period of ["24h", "7d", "30d"]) {
    await page.goto(`/webhooks/${id}/statistics?period=${period}`);
    await expect(page.getByText("0 successful and 0 failed attempts")).toBeVisible();
    for (const caption of CAPTIONS) {
      const figure = chart(page, caption);
      await expect(figure, `${caption}, ${period}`).toContainText("No attempts in this period");
      await expect(figure.locator(".recharts-surface")).toHaveCount(0);
    }
  }
});

test("the Overview draws the hour's attempts across webhooks", async ({ page }) => {
  await webhookWithOneHour("Overview hour");

  await page.goto("/");
  // Other tests' attempts may add points of their own; this hour's is one of them.
  await expect(chart(page, "Success rate (%)").locator(".recharts-line-dot").first()).toBeVisible();
  await expect(
    chart(page, "Response time (ms)").locator(".recharts-line-dot").first(),
  ).toBeVisible();
  await expect.poll(() => plotAreas(page)).toHaveLength(1);
});
