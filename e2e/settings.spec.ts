import { expect, sql, test } from "./fixtures";

test("retention is set in Settings, checked, and kept", async ({ page }) => {
  await page.goto("/settings");
  const days = page.getByLabel("Keep messages for (days)");
  await days.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Keep messages at least 1 day")).toBeVisible();
  expect(await sql("select value from settings where key = 'retention'")).not.toContainEqual({
    value: { days: 0 },
  });

  await days.fill("45");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Messages are kept 45 days")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Keep messages for (days)")).toHaveValue("45");
  // Put the default back for whoever runs next.
  await sql("update settings set value = '{\"days\": 30}' where key = 'retention'");
});
