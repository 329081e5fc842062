import { e2eBaseUrl } from "./e2e-settings";
import {
  createApiKey,
  createWebhookInWizard,
  expect,
  sql,
  test,
  uniqueName,
  uniqueProduct,
} from "./fixtures";

// Pausing stops every webhook's deliveries, so a test that pauses runs alone: files named
// *.alone.spec.ts run after every other test has finished (e2e/playwright.config.ts). Beside
// other tests, a Trigger Now elsewhere answered "Deliveries are paused" and failed.

test("the Deliveries switch pauses every message and resuming sends them at once", async ({
  page,
}) => {
  const key = await createApiKey(page, uniqueName("Pause"));
  const inbox = `paused-${Date.now().toString(36)}`;
  const product = uniqueProduct();
  await createWebhookInWizard(page, uniqueName("Paused hook"), `${e2eBaseUrl}/api/inbox/${inbox}`, {
    eventTypes: ["application.created"],
    product,
  });
  await page.goto("/settings");
  const deliveries = page.getByRole("switch", { name: "Webhooks are on" });
  // Pausing asks first; backing out changes nothing.
  await deliveries.click();
  const ask = page.getByRole("alertdialog", { name: "Pause every webhook?" });
  await ask.getByRole("button", { name: "Keep delivering" }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByRole("switch", { name: "Webhooks are on" })).toBeChecked();
  // Resuming wakes what waited.
  await deliveries.click();
  await ask.getByRole("button", { name: "Pause deliveries" }).click();
  await expect(page.getByRole("switch", { name: "Webhooks are paused" })).toBeChecked({
    checked: false,
  });
  await expect(page.getByText("Deliveries are paused: events are stored")).toBeVisible();
  try {
    const published = await page.request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${key}` },
      data: { type: "application.created", product, payload: { during: "pause" } },
    });
    expect(published.status()).toBe(202);
    const { id } = (await published.json()) as { id: string };
    await expect
      .poll(
        async () =>
          (await sql("select status, next_attempt_at from messages where event_id = $1", [id]))[0],
      )
      .toMatchObject({ status: "created", next_attempt_at: expect.any(Date) });
    expect(
      await sql("select count(*)::int as n from inbox_requests where inbox = $1", [inbox]),
    ).toEqual([{ n: 0 }]);
  } finally {
    await page.getByRole("switch", { name: "Webhooks are paused" }).click();
    await expect(page.getByRole("switch", { name: "Webhooks are on" })).toBeChecked();
  }
  await expect
    .poll(
      async () =>
        (await sql("select count(*)::int as n from inbox_requests where inbox = $1", [inbox]))[0],
      { timeout: 20_000 },
    )
    .toEqual({ n: 1 });
  await page.reload();
  await expect(page.getByText("Deliveries are paused")).toHaveCount(0);
});
