/**
 * `npm run bench:trigger`: Trigger Now in the console against the same ping through the REST
 * API, on one `npm start` (its own data directory and free ports) and one webhook to a
 * receiver on 127.0.0.1 that answers at once. Times, one after another:
 *
 * - the raw limit: a POST straight to the receiver (what any ping costs at least);
 * - the API: `POST /api/v1/webhooks/{id}/trigger` until its answer is read;
 * - the console: a click on Trigger Now in Chromium until its answer (outcome, time, link)
 *   shows beside the button.
 *
 *   npm run bench:trigger [-- --runs 20]
 */
import { LauncherHarness } from "@/test/launcher-harness";
import { numberFlag, quantile } from "./support";

const RUNS = numberFlag("runs", 20);
const WARM_UP = 3;
const log = (line: string) => console.log(`[bench:trigger] ${line}`);

/** `runs` times of `once`, sorted, after a few to warm up; `once` may time itself. */
async function timed(runs: number, once: () => Promise<number | void>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const own = await once();
    times.push(own ?? performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/**
 * In the page: `window.pingAnswered` resolves with the time from the next click's event to
 * a "View the attempt" link other than the one shown now. (A string: the bundler's helpers
 * do not exist in the page.)
 */
const WATCH_FOR_ANSWER = `
  (() => {
    const answerHref = () =>
      [...document.querySelectorAll("a")]
        .find((a) => a.textContent === "View the attempt")?.getAttribute("href");
    const previous = answerHref();
    window.pingAnswered = new Promise((resolve) => {
      let clickedAt = 0;
      document.addEventListener("click", () => (clickedAt = performance.now()),
        { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const href = answerHref();
        if (clickedAt && href && href !== previous) {
          observer.disconnect();
          resolve(performance.now() - clickedAt);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  })()`;

const figures = (sorted: number[]) =>
  `p50 ${quantile(sorted, 0.5).toFixed(0)} ms, p95 ${quantile(sorted, 0.95).toFixed(0)} ms, ` +
  `best ${sorted[0]!.toFixed(0)} ms`;

async function main() {
  const harness = new LauncherHarness({ name: "bench-trigger", receiverDelayMs: 0 });
  log("starting npm start in a fresh data directory…");
  await harness.setUp();
  try {
    await harness.createWebhooks(1);
    const {
      rows: [webhook],
    } = await harness.pool.query<{ id: string }>("select id from webhooks limit 1");
    const id = webhook!.id;

    const raw = await timed(RUNS, async () => {
      const answer = await fetch(`${harness.receiverUrl}/hook-raw`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "ping" }),
      });
      await answer.arrayBuffer();
    });

    const api = await timed(RUNS, async () => {
      const answer = await harness.api(`/webhooks/${id}/trigger`, {});
      const body = (await answer.json()) as { status?: string };
      if (answer.status !== 200 || body.status !== "success") {
        throw new Error(`the API's Trigger Now answered ${answer.status} ${JSON.stringify(body)}`);
      }
    });

    const browser = await harness.launchBrowser(log);
    const page = await browser.newPage({ baseURL: `http://127.0.0.1:${harness.ports.app}` });
    await harness.signIn(page);
    await page.goto(`/webhooks/${id}`);
    const button = page.getByRole("button", { name: "Trigger Now" });
    const consoleTimes = await timed(RUNS, async () => {
      // Timed in the page, from the click's event to this ping's answer on screen (a link
      // to an attempt other than the last one's), so Playwright's own work is not counted.
      await page.evaluate(WATCH_FOR_ANSWER);
      await button.click();
      const ms = await page.evaluate<number>("window.pingAnswered");
      // The page refreshes after the answer; let it settle before the next click.
      await page.waitForLoadState("networkidle");
      return ms;
    });
    await browser.close();

    const outcomes = await harness.pool.query<{ status: string; n: number }>(
      "select status, count(*)::int as n from messages where webhook_id = $1 group by status",
      [id],
    );
    log(`pings: ${outcomes.rows.map((r) => `${r.n} ${r.status}`).join(", ")}`);
    log(`raw limit (a POST straight to the receiver): ${figures(raw)}`);
    log(`REST API  POST /webhooks/{id}/trigger:        ${figures(api)}`);
    log(`console   click on Trigger Now to its answer: ${figures(consoleTimes)}`);
    log(
      `console p50 / API p50: ${(quantile(consoleTimes, 0.5) / quantile(api, 0.5)).toFixed(2)}` +
        ` (${RUNS} runs each after ${WARM_UP} to warm up; the console's includes the browser)`,
    );
  } finally {
    await harness.tearDown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
