import {
  createApiKey,
  expect,
  expectNoSeriousA11yViolations,
  receiverForFile,
  test,
  uniqueName,
} from "./fixtures";

const receiver = receiverForFile();

test("an operational webhook added in Settings receives alerts; the bell counts them and the Alerts list marks them read", async ({
  page,
}) => {
  // The alerts job runs every minute: the operational webhook's event can take that long.
  test.setTimeout(180_000);
  const opsPath = `/ops-${Date.now().toString(36)}`;
  await page.goto("/settings");
  const card = page.locator("#operational");
  await card.getByLabel("Name").fill(uniqueName("Ops alerts"));
  await card.getByLabel("URL").fill("not a url");
  await card.getByRole("button", { name: "Add operational webhook" }).click();
  await expect(card.getByText("Enter a full http:// or https:// URL")).toBeVisible();
  await card.getByLabel("URL").fill(`${receiver.base}${opsPath}`);
  await card.getByRole("button", { name: "Add operational webhook" }).click();
  await expect(page).toHaveURL(/\/webhooks\/WH-\d{3}-\d{3}-\d{3}$/);
  await expect(page.getByText("hookyard.*").first()).toBeVisible();

  // A webhook whose endpoint is gone: Trigger Now gets a 410, and Hookyard disables it.
  const key = await createApiKey(page, uniqueName("Alerts"));
  const name = uniqueName("Gone hook");
  const gonePath = `/gone-${Date.now().toString(36)}`;
  receiver.answers.set(gonePath, 410);
  const created = await page.request.post("/api/v1/webhooks", {
    headers: { authorization: `Bearer ${key}` },
    data: { name, url: `${receiver.base}${gonePath}`, eventTypes: ["account.deleted"] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const triggered = await page.request.post(`/api/v1/webhooks/${id}/trigger`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(await triggered.json()).toMatchObject({ status: "failed", lastResponseStatus: 410 });

  await page.goto("/");
  const bell = page.getByTestId("alerts-bell");
  await expect(bell).toHaveAccessibleName(/^Alerts, \d+\+? unread$/);
  await bell.click();
  await expect(page).toHaveURL(/\/alerts\?show=unread$/);
  const item = page
    .getByTestId("alert")
    .filter({ hasText: `${name} was disabled: The endpoint answered 410 Gone` });
  await expect(item).toBeVisible();
  await expect(item.getByText("Unread", { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await item.getByRole("button", { name: "Mark as read" }).click();
  await expect(page.getByText("Marked read")).toBeVisible();
  // Read, it leaves the Unread list, and stays in All without its badge.
  await expect(item).toHaveCount(0);
  await page.getByRole("link", { name: "All", exact: true }).click();
  await expect(item).toBeVisible();
  await expect(item.getByText("Unread", { exact: true })).toHaveCount(0);
  await item.getByRole("link", { name: new RegExp(name) }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}$`));

  // The same alert, signed, at the operational webhook (the alerts job publishes it).
  await expect
    .poll(() => receiver.hits.filter((hit) => hit === opsPath).length, { timeout: 150_000 })
    .toBeGreaterThan(0);
});
