import type { Page } from "@playwright/test";
import {
  createApiKey,
  createWebhookInWizard,
  expect,
  expectNoSeriousA11yViolations,
  insertWebhooks,
  receiverForFile,
  sql,
  test,
  uniqueName,
  uniqueProduct,
} from "./fixtures";

/** A receiver whose answer per path the test sets: 200 unless told otherwise. */
const receiver = receiverForFile();
const { answers, hits } = receiver;

async function webhookWithRetries(page: Page, path: string, product: string) {
  const id = await createWebhookInWizard(page, uniqueName("Logged"), `${receiver.base}${path}`, {
    eventTypes: ["application.created"],
    product,
  });
  // Quick retries so the test sees several attempts.
  await sql(
    "update webhooks set retry_policy = 'custom', retry_schedule = '{1,1,600}' where id = $1",
    [id],
  );
  return id;
}

async function publish(page: Page, key: string, product: string, payload: Record<string, unknown>) {
  const response = await page.request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${key}` },
    data: { type: "application.created", product, payload },
  });
  expect(response.status()).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

test("Logs: a retrying message's attempts, Cancel, then Retry delivers it again", async ({
  page,
}) => {
  const key = await createApiKey(page, uniqueName("Logs"));
  const path = `/flaky-${Date.now()}`;
  answers.set(path, 500);
  const product = uniqueProduct();
  const id = await webhookWithRetries(page, path, product);
  const eventId = await publish(page, key, product, { application: { id: 1 } });

  await page.goto(`/webhooks/${id}/logs`);
  await expect(page.getByRole("link", { name: "Logs", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const row = page.getByTestId("message-row");
  await expect(row).toHaveCount(1);
  // The first page refreshes itself: the status moves without a reload.
  await expect(row.getByText("Retrying")).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText("HTTP 500");
  await expectNoSeriousA11yViolations(page);

  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}/logs/msg_`));
  await expect(page.getByText(eventId, { exact: true })).toBeVisible();
  await expect(page.getByTestId("attempt")).toHaveCount(3, { timeout: 15_000 });
  await expect(page.getByTestId("attempt").first()).toContainText("HTTP 500");
  await expect(page.getByTestId("message-payload")).toContainText('"application": {');

  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  // The dialog's buttons say what they do: Keep backs out, Cancel message cancels.
  await expect(page.getByRole("alertdialog").getByRole("button", { name: "Keep" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel message" }).click();
  await expect(page.getByTestId("message-status")).toHaveText("Cancelled");
  await expect(page.getByRole("button", { name: "Cancel", exact: true })).toHaveCount(0);

  answers.set(path, 200);
  const before = hits.filter((h) => h === path).length;
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("message-status")).toHaveText("Success", { timeout: 15_000 });
  expect(hits.filter((h) => h === path).length).toBe(before + 1);
  await expect(page.getByTestId("attempt")).toHaveCount(4);

  // The Statistics tab counts what the receiver saw: 3 failures, then 1 success.
  const received = hits.filter((h) => h === path).length;
  expect(received).toBe(4);
  await page.getByRole("link", { name: "Statistics" }).click();
  const counters = page.getByTestId("counters");
  const counter = (label: string) =>
    counters.locator("div").filter({ has: page.getByText(label, { exact: true }) });
  await expect(counter("Events")).toContainText("1");
  await expect(counter("Triggers")).toContainText(String(received));
  await expect(counter("Success responses")).toContainText("1");
  await expect(counter("Failure responses")).toContainText("3");
  await expect(counter("Failures since last success")).toContainText("0");
  await counter("Last failure").getByRole("link").click();
  await expect(page).toHaveURL(/#attempt-3$/);
  await expect(page.locator("#attempt-3")).toContainText("HTTP 500");
});

test("Logs: filters live in the URL, and Older/Newer page through", async ({ page }) => {
  const key = await createApiKey(page, uniqueName("Filters"));
  const path = `/ok-${Date.now()}`;
  const product = uniqueProduct();
  const id = await webhookWithRetries(page, path, product);
  await sql(
    `insert into messages (id, webhook_id, kind, event_type, payload, status, attempts, created_at, deadline_at)
     select 'msg_old' || $2 || lpad(i::text, 4, '0'), $1, 'event', 'application.created', '{}'::jsonb,
            case when i % 2 = 0 then 'failed' else 'success' end::message_status, 1,
            now() - (i || ' minutes')::interval, now() + interval '1 day'
     from generate_series(1, 70) i`,
    [id, Date.now().toString(36)],
  );
  await publish(page, key, product, { fresh: true });

  await page.goto(`/webhooks/${id}/logs`);
  await expect(page.getByTestId("message-count")).toContainText("71 messages");
  await expect(page.getByTestId("message-row")).toHaveCount(50);
  await page.getByRole("button", { name: "Older" }).click();
  await expect(page).toHaveURL(/older=/);
  await expect(page.getByTestId("message-row")).toHaveCount(21);
  await expect(page.getByRole("button", { name: "Older" })).toBeDisabled();
  await page.getByRole("button", { name: "Newer" }).click();
  await expect(page.getByTestId("message-row")).toHaveCount(50);

  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByTestId("message-count")).toContainText("35 messages");
  await page.reload();
  await expect(page.getByLabel("Status")).toHaveValue("failed");
  await expect(page.getByTestId("message-row").getByText("Success")).toHaveCount(0);

  // The console-wide page filters by webhook.
  await page.goto(`/messages?webhook=${id}&status=success`);
  await expect(page.getByTestId("message-count")).toContainText("36 messages");
});

/**
 * A webhook whose endpoint (at `path`) refuses, with three messages Failed at their first
 * attempt, shown on its Logs tab filtered to Failed; returns the webhook's id.
 */
async function threeFailed(page: Page, path: string) {
  const key = await createApiKey(page, uniqueName("Failing"));
  answers.set(path, 500);
  const product = uniqueProduct();
  const id = await webhookWithRetries(page, path, product);
  await sql("update webhooks set retry_schedule = '{}' where id = $1", [id]); // fail at once
  for (let i = 0; i < 3; i++) await publish(page, key, product, { n: i });
  await page.goto(`/webhooks/${id}/logs?status=failed`);
  await expect(page.getByTestId("message-row")).toHaveCount(3, { timeout: 15_000 });
  return id;
}

test("bulk Retry failed shows its count, then delivers each one again", async ({ page }) => {
  const path = `/down-${Date.now()}`;
  const id = await threeFailed(page, path);
  answers.set(path, 200);
  const before = hits.filter((h) => h === path).length;
  await page.getByRole("button", { name: "Retry failed", exact: true }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Retry 3 failed messages?");
  await page.getByRole("button", { name: "Retry them" }).click();
  await expect(page.getByText("3 messages are being delivered again")).toBeVisible();
  await page.getByLabel("Status").selectOption("success");
  // Until the filtered page arrives the three Failed rows are still shown: count Success ones.
  await expect(
    page.getByTestId("message-row").filter({ has: page.getByText("Success", { exact: true }) }),
  ).toHaveCount(3, { timeout: 15_000 });
  await expect.poll(() => hits.filter((h) => h === path).length).toBe(before + 3);
  const attempts = await sql<{ n: string }>(
    "select count(*) as n from attempts where webhook_id = $1 and response_status = 200",
    [id],
  );
  expect(attempts).toEqual([{ n: "3" }]);
});

test("Retry failed since… counts the failed messages since the time picked, then retries them", async ({
  page,
}) => {
  const path = `/since-${Date.now()}`;
  const id = await threeFailed(page, path);
  // Two of them are made older than the time to pick.
  await sql(
    `update messages set created_at = now() - interval '3 days'
     where id in (select id from messages where webhook_id = $1 order by id limit 2)`,
    [id],
  );

  answers.set(path, 200);
  await page.getByRole("button", { name: "Retry failed since…" }).click();
  const dialog = page.getByRole("dialog", { name: "Retry failed messages since…" });
  // A day back by default: only the recent one.
  await expect(dialog.getByTestId("retry-since-count")).toHaveText("1 failed message since then.");
  const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000).toISOString().slice(0, 16);
  await dialog.getByLabel("Created since (UTC)").fill(fourDaysAgo);
  await expect(dialog.getByTestId("retry-since-count")).toHaveText("3 failed messages since then.");
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole("button", { name: "Retry 3" }).click();
  await expect(page.getByText("3 messages are being delivered again")).toBeVisible();
  await expect
    .poll(async () =>
      (await sql("select status from messages where webhook_id = $1", [id])).map((r) => r.status),
    )
    .toEqual(["success", "success", "success"]);
});

test("410 Gone fails the message and disables the webhook; a hanging endpoint times out", async ({
  page,
}) => {
  const key = await createApiKey(page, uniqueName("Gone"));
  const gonePath = `/gone-${Date.now()}`;
  const hangPath = `/hang-${Date.now()}`;
  answers.set(gonePath, 410);
  answers.set(hangPath, "hang");
  const product = uniqueProduct();
  const gone = await webhookWithRetries(page, gonePath, product);
  const hang = await webhookWithRetries(page, hangPath, product);
  await sql("update webhooks set response_timeout_ms = 1000 where id = $1", [hang]);
  await publish(page, key, product, { both: true });

  await page.goto(`/webhooks/${gone}/logs`);
  await expect(page.getByTestId("message-row").getByText("Failed")).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByTestId("message-row")).toContainText("HTTP 410");
  await page.reload();
  await expect(page.getByTestId("webhook-status")).toHaveText("Disabled");
  await expect(page.getByText("The endpoint answered 410 Gone")).toBeVisible();

  await page.goto(`/webhooks/${hang}/logs`);
  await expect(page.getByTestId("message-row").getByText("Retrying")).toBeVisible({
    timeout: 15_000,
  });
  await page.getByTestId("message-row").getByRole("link").first().click();
  await expect(page.getByTestId("attempt").first()).toContainText("Timed out");
});

test("a click anywhere in a message's row opens it, on the Logs tab and the Messages page", async ({
  page,
}) => {
  const [webhookId] = await insertWebhooks([{ name: uniqueName("Rows") }]);
  const messageId = `msg_rows${Date.now().toString(36)}`;
  await sql(
    `insert into messages (id, webhook_id, kind, event_type, payload, status, attempts, deadline_at)
     values ($1, $2, 'event', 'application.created', '{}', 'failed', 1, now())`,
    [messageId, webhookId],
  );
  const messagePage = `/webhooks/${webhookId}/logs/${messageId}`;
  for (const list of [`/webhooks/${webhookId}/logs`, `/messages?webhook=${webhookId}`]) {
    await page.goto(list);
    const row = page.getByTestId("message-row");
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("link").first()).toHaveAttribute("href", messagePage);
    await expect(row).toHaveCSS("cursor", "pointer");
    // The last cell, "Next attempt", is only a dash for a failed message.
    await row.getByRole("cell").last().click();
    await expect(page).toHaveURL(new RegExp(`${messagePage}$`), { timeout: 15_000 });
    await expect(page.getByTestId("message-status")).toHaveText("Failed");
  }
  // A link inside a row is still a link: the Messages page's webhook name opens the webhook.
  await page.goto(`/messages?webhook=${webhookId}`);
  await page.getByTestId("message-row").getByRole("link").nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${webhookId}$`));
});

test("an open Logs tab refreshes itself without fetching every page it links to", async ({
  page,
}) => {
  const [webhookId] = await insertWebhooks([{ name: uniqueName("Idle logs") }]);
  await sql(
    `insert into messages (id, webhook_id, kind, event_type, payload, status, attempts, deadline_at)
     select 'msg_idle' || $2::text || n, $1, 'event', 'application.created', '{}', 'success', 1, now()
     from generate_series(1, 20) n`,
    [webhookId, Date.now().toString(36)],
  );
  await page.goto(`/webhooks/${webhookId}/logs`);
  await expect(page.getByTestId("message-row")).toHaveCount(20);
  const refreshes: string[] = [];
  const prefetches: string[] = [];
  page.on("request", (request) => {
    if (!request.url().includes("_rsc=")) return;
    const path = new URL(request.url()).pathname;
    (request.headers()["next-router-prefetch"] ? prefetches : refreshes).push(path);
  });
  // Two refreshes of the page (a refresh used to drop what was prefetched, so the 20 rows',
  // the tabs' and the sidebar's links were all fetched again, every few seconds).
  await expect.poll(() => refreshes.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  expect(refreshes.every((path) => path === `/webhooks/${webhookId}/logs`)).toBe(true);
  expect(prefetches).toEqual([]);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });
  test("a message can be read but not retried or cancelled", async ({ page }) => {
    const [webhookId] = await insertWebhooks([{ name: uniqueName("Viewed") }]);
    const messageId = `msg_viewer${Date.now().toString(36)}`;
    await sql(
      `insert into messages (id, webhook_id, kind, event_type, payload, status, attempts, deadline_at)
       values ($1, $2, 'event', 'application.created', '{"a": 1}', 'failed', 3, now())`,
      [messageId, webhookId],
    );
    await page.goto(`/webhooks/${webhookId}/logs/${messageId}`);
    await expect(page.getByTestId("message-status")).toHaveText("Failed");
    await expect(page.getByTestId("message-payload")).toContainText('"a": 1');
    await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
    await page.goto(`/webhooks/${webhookId}/logs`);
    await expect(page.getByTestId("message-row")).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Retry failed" })).toHaveCount(0);
  });
});
