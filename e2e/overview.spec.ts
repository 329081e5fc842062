import {
  expect,
  expectNoSeriousA11yViolations,
  insertWebhooks,
  sql,
  test,
  uniqueName,
} from "./fixtures";

test("the overview lists webhooks disabled automatically and failing now", async ({ page }) => {
  const gone = uniqueName("Gone");
  const failing = uniqueName("Failing");
  const [goneId, failingId] = await insertWebhooks([
    { name: gone, enabled: false },
    { name: failing },
  ]);
  await sql(
    "update webhooks set disabled_reason = 'The endpoint answered 410 Gone' where id = $1",
    [goneId],
  );
  await sql("update webhooks set failing_since = now() - interval '2 hours' where id = $1", [
    failingId,
  ]);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const disabled = page.getByRole("list", { name: "Webhooks disabled automatically" });
  await expect(disabled.getByRole("listitem").filter({ hasText: gone })).toContainText(
    "The endpoint answered 410 Gone",
  );
  await expect(
    page.getByRole("list", { name: "Failing webhooks" }).getByRole("link", { name: failing }),
  ).toHaveAttribute("href", `/webhooks/${failingId}/logs?status=retrying`);
  await expect(page.getByTestId("overview-figures")).toContainText("Attempts, last 24 hours");
  // Webhooks exist (this test made two), so there is no Get started card; its empty-state
  // markup is unit-tested (app/(console)/_components/get-started.test.ts), as the shared e2e
  // database is never empty while tests run.
  await expect(page.getByTestId("get-started")).toHaveCount(0);
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page).toHaveURL(/period=7d/);
  await expectNoSeriousA11yViolations(page);
});
