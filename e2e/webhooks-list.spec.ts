import {
  expect,
  expectNoSeriousA11yViolations,
  insertWebhooks,
  sql,
  test,
  uniqueName,
  uniqueProduct,
} from "./fixtures";

const pad = (n: number) => String(n).padStart(3, "0");

/**
 * 65 webhooks sharing a unique prefix, so a search isolates them from other tests' data, and
 * a product of their own, so other tests' application events do not fan out to them.
 */
async function seedMany(prefix: string) {
  const base = Date.now() - 65 * 60_000;
  const product = uniqueProduct();
  return insertWebhooks(
    Array.from({ length: 65 }, (_, i) => ({
      name: `${prefix} ${pad(i + 1)}`,
      url: `https://hooks.example.com/${pad(i + 1)}`,
      eventTypes: i % 5 === 0 ? ["account.created"] : ["application.*"],
      enabled: i % 4 !== 0,
      createdAt: new Date(base + i * 60_000),
      product,
    })),
  );
}

const rowNames = (page: import("@playwright/test").Page) =>
  page.locator("tbody tr td:first-child a").allInnerTexts();

test("search, filters, sort and pagination live in the URL", async ({ page }) => {
  const prefix = uniqueName("Listed");
  await seedMany(prefix);
  await page.goto("/webhooks");
  await page.getByLabel("Search webhooks").fill(prefix);
  await expect(page).toHaveURL(/q=/);
  const summary = page.getByTestId("pagination-summary");
  await expect(summary).toHaveText("1–20 of 65");
  // Newest first by default.
  await expect(page.locator("tbody tr").first()).toContainText(`${prefix} 065`);

  await page.getByRole("button", { name: "Next" }).click();
  await expect(summary).toHaveText("21–40 of 65");
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator("tbody tr").first()).toContainText(`${prefix} 045`);

  await page.getByLabel("Rows per page").selectOption("50");
  await expect(summary).toHaveText("1–50 of 65");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(summary).toHaveText("51–65 of 65");
  await expect(page.locator("tbody tr")).toHaveCount(15);
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();

  // Sorting by name goes back to the first page, ascending then descending.
  await page.getByRole("button", { name: "Name", exact: true }).click();
  await expect(page).toHaveURL(/sort=name\.asc/);
  await expect(summary).toHaveText("1–50 of 65");
  await expect
    .poll(async () => (await rowNames(page)).slice(0, 3))
    .toEqual([`${prefix} 001`, `${prefix} 002`, `${prefix} 003`]);
  await expect(page.getByRole("columnheader", { name: "Name" })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  await page.getByRole("button", { name: "Name", exact: true }).click();
  await expect(page).toHaveURL(/sort=name\.desc/);
  await expect(page.locator("tbody tr").first()).toContainText(`${prefix} 065`);

  // Status: every fourth one (1, 5, 9, … 65) is disabled, 17 in all.
  await page.getByLabel("Status", { exact: true }).selectOption("disabled");
  await expect(summary).toHaveText("1–17 of 17");
  await page.getByLabel("Status", { exact: true }).selectOption("enabled");
  await expect(summary).toHaveText("1–48 of 48");

  // Event type: application.created matches the application.* subscribers (52 of 65) …
  await page.getByLabel("Status", { exact: true }).selectOption("all");
  await page.getByLabel("Event type", { exact: true }).selectOption("application.created");
  await expect(summary).toHaveText("1–50 of 52");
  // … and account.created only the 13 subscribed to it.
  await page.getByLabel("Event type", { exact: true }).selectOption("account.created");
  await expect(summary).toHaveText("1–13 of 13");

  // A reload (or a shared link) shows the same table.
  await page.reload();
  await expect(summary).toHaveText("1–13 of 13");
  await expect(page.getByLabel("Event type", { exact: true })).toHaveValue("account.created");
  await expect(page.getByLabel("Search webhooks")).toHaveValue(prefix);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByLabel("Search webhooks")).toHaveValue("");
  await expect(page).not.toHaveURL(/eventType=/);
});

test("a search that matches nothing says so", async ({ page }) => {
  await page.goto(`/webhooks?q=${encodeURIComponent(uniqueName("nothing-here"))}`);
  await expect(page.getByRole("heading", { name: "No webhooks match" })).toBeVisible();
  await expect(page.getByTestId("pagination-summary")).toHaveText("No webhooks");
});

test("the switch enables and disables a webhook at once", async ({ page }) => {
  const name = uniqueName("Switchable");
  const [id] = await insertWebhooks([{ name }]);
  await page.goto(`/webhooks?q=${encodeURIComponent(name)}`);
  const toggle = page.getByRole("switch", { name: `Enabled: ${name}` });
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(page.getByText(`${name} disabled`)).toBeVisible();
  await expect(toggle).not.toBeChecked();
  expect(await sql("select enabled from webhooks where id = $1", [id])).toEqual([
    { enabled: false },
  ]);
  await page.reload();
  await expect(page.getByRole("switch", { name: `Enabled: ${name}` })).not.toBeChecked();

  // The row menu does the same.
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Enable" }).click();
  await expect(page.getByRole("switch", { name: `Enabled: ${name}` })).toBeChecked();
  expect(await sql("select enabled from webhooks where id = $1", [id])).toEqual([
    { enabled: true },
  ]);
});

test("delete from the row menu asks first", async ({ page }) => {
  const name = uniqueName("Doomed");
  const [id] = await insertWebhooks([{ name }]);
  await page.goto(`/webhooks?q=${encodeURIComponent(name)}`);

  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`Delete ${name}?`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await sql("select 1 from webhooks where id = $1", [id])).toHaveLength(1);

  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete webhook" }).click();
  await expect(page.getByText(`${name} deleted`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "No webhooks match" })).toBeVisible();
  expect(await sql("select 1 from webhooks where id = $1", [id])).toHaveLength(0);
});

test("a click anywhere in a row opens the webhook; the name stays a link", async ({ page }) => {
  const name = uniqueName("Clickable");
  const id = (await insertWebhooks([{ name, url: "https://example.com/clickable" }]))[0]!;
  await page.goto(`/webhooks?q=${encodeURIComponent(name)}`);
  const row = page.locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name })).toHaveAttribute("href", `/webhooks/${id}`);
  await expect(row).toHaveCSS("cursor", "pointer");

  // Selecting text in the row (to copy the URL) does not open the webhook: no navigation
  // request (prefetches aside) leaves for its page.
  const opened: string[] = [];
  page.on("request", (request) => {
    const headers = request.headers();
    if (request.url().includes(`/webhooks/${id}`) && !headers["next-router-prefetch"])
      opened.push(request.url());
  });
  const url = row.getByText("https://example.com/clickable");
  const box = (await url.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  expect(await page.evaluate(() => window.getSelection()?.toString())).toContain("example.com");
  // The click that ends a selection would have sent its request at once.
  await page.waitForTimeout(500);
  expect(opened).toEqual([]);

  await row.locator("time").click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}$`));
  await expect(page.getByTestId("webhook-id")).toHaveText(id);
});

test("the list has no serious accessibility violations", async ({ page }) => {
  const prefix = uniqueName("Accessible");
  await insertWebhooks([{ name: `${prefix} a` }, { name: `${prefix} b`, enabled: false }]);
  await page.goto(`/webhooks?q=${encodeURIComponent(prefix)}`);
  await expect(page.locator("tbody tr")).toHaveCount(2);
  await expectNoSeriousA11yViolations(page);
});

test("the health and product columns say how each webhook fares and whose events it gets", async ({
  page,
}) => {
  const prefix = uniqueName("Health");
  const product = uniqueProduct();
  const [healthy, failing, gone, quiet] = await insertWebhooks([
    { name: `${prefix} healthy`, product },
    { name: `${prefix} failing`, product },
    { name: `${prefix} gone`, enabled: false },
    { name: `${prefix} quiet` },
  ]);
  const reason =
    "The endpoint answered 410 Gone, so Hookyard stopped sending to it until someone enables it again";
  await sql("update webhooks set last_success_at = now() - interval '1 minute' where id = $1", [
    healthy,
  ]);
  await sql(
    `update webhooks set failing_since = now() - interval '3 minutes',
       last_failure_at = now() - interval '1 minute' where id = $1`,
    [failing],
  );
  await sql("insert into webhook_stats (webhook_id, failures_since_success) values ($1, 3)", [
    failing,
  ]);
  await sql("update webhooks set disabled_reason = $2 where id = $1", [gone, reason]);

  await page.goto(`/webhooks?q=${encodeURIComponent(prefix)}`);
  const row = (id: string | undefined) =>
    page.locator("tbody tr").filter({ has: page.locator(`a[href="/webhooks/${id}"]`) });
  await expect(page.locator("tbody tr")).toHaveCount(4);
  await expect(page.getByRole("columnheader", { name: "Health" })).toBeVisible();
  await expect(row(healthy)).toContainText("Healthy");
  await expect(row(healthy)).toContainText(product);
  await expect(row(failing)).toContainText(
    /Failing — 3 failures since \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/,
  );
  // The whole reason is in the page (cut short only on screen) and in the title.
  await expect(row(gone)).toContainText(`Disabled: ${reason}`);
  await expect(row(gone).getByTitle(`Disabled: ${reason}`)).toBeVisible();
  await expect(row(gone)).toContainText("Every product");
  await expect(row(quiet)).toContainText("No deliveries yet");
  await expectNoSeriousA11yViolations(page);

  // The Product filter lives in the URL: a product's own webhooks, or those for every product.
  await page.goto(
    `/webhooks?q=${encodeURIComponent(prefix)}&product=${encodeURIComponent(product)}`,
  );
  const summary = page.getByTestId("pagination-summary");
  const filter = page.getByLabel("Product", { exact: true });
  await expect(filter).toHaveValue(product);
  await expect(summary).toHaveText("1–2 of 2");
  await filter.selectOption({ label: "Every product (none set)" });
  await expect(page).toHaveURL(/product=(\*|%2A)/);
  await expect(summary).toHaveText("1–2 of 2");
  await expect(row(gone)).toBeVisible();
  await expect(row(healthy)).toHaveCount(0);
  await page.reload();
  await expect(filter).toHaveValue("*");
  await filter.selectOption({ label: "Any product" });
  await expect(summary).toHaveText("1–4 of 4");
  await expect(page).not.toHaveURL(/product=/);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("sees the list without any control that changes it", async ({ page }) => {
    const name = uniqueName("Read only");
    await insertWebhooks([{ name }]);
    await page.goto(`/webhooks?q=${encodeURIComponent(name)}`);
    await expect(page.locator("tbody tr")).toHaveCount(1);
    await expect(page.locator("tbody tr")).toContainText("Enabled");
    await expect(page.getByRole("link", { name: "Create webhook" })).toHaveCount(0);
    await expect(page.getByRole("switch")).toHaveCount(0);
    await page.getByRole("button", { name: `Actions for ${name}` }).click();
    await expect(page.getByRole("menuitem")).toHaveText(["View"]);
  });
});
