import { E2E, e2eSecondBaseUrl as second } from "./e2e-settings";
import { createWebhookInWizard, expect, receiverForFile, test, uniqueName } from "./fixtures";

/**
 * Two `next start` instances on one database (test/e2e-server.ts starts the second on
 * E2E.secondPort with its own local executor): one session cookie and one set of data serve
 * both, as they would behind a load balancer. README, "Several instances".
 */

const receiver = receiverForFile();
const { hits } = receiver;

test.beforeAll(async () => {
  // Playwright waits for the first instance only; the second starts beside it.
  test.setTimeout(300_000);
  await expect
    .poll(
      () =>
        fetch(`${second}/login`).then(
          (r) => r.status,
          () => 0,
        ),
      { message: `the second instance at ${second} never answered`, timeout: 120_000 },
    )
    .toBe(200);
});

test("the second instance serves the same session and data, and its changes reach the first", async ({
  page,
}) => {
  const name = uniqueName("Shared");
  const id = await createWebhookInWizard(page, name, `${receiver.base}/shared/${Date.now()}`);

  // The session cookie was set by the first instance; cookies are not port-scoped.
  await page.goto(`${second}/webhooks?q=${encodeURIComponent(name)}`);
  await expect(page).toHaveURL(`${second}/webhooks?q=${encodeURIComponent(name)}`);
  await expect(page.getByTestId("current-user")).toHaveText(E2E.users.admin.email);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText(name);

  await page.goto(`${second}/webhooks/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("webhook-status")).toHaveText("Enabled");
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("webhook-status")).toHaveText("Disabled");

  await page.goto(`/webhooks/${id}`);
  expect(new URL(page.url()).port).toBe(String(E2E.port));
  await expect(page.getByTestId("webhook-status")).toHaveText("Disabled");
});

test("Trigger Now on the second instance delivers, and the first instance's Logs show it", async ({
  page,
}) => {
  const path = `/triggered/${Date.now()}`;
  const id = await createWebhookInWizard(page, uniqueName("Second"), `${receiver.base}${path}`);

  await page.goto(`${second}/webhooks/${id}`);
  await page.getByRole("button", { name: "Trigger Now" }).click();
  await expect(page.getByText("Ping delivered: HTTP 200")).toBeVisible({ timeout: 20_000 });
  expect(hits).toContain(path);

  await page.goto(`/webhooks/${id}/logs`);
  const row = page.getByTestId("message-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("ping");
  await expect(row).toContainText("Test");
  await expect(row).toContainText("Success");
  await expect(row).toContainText("HTTP 200");
});
