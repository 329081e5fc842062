import {
  expect,
  expectNoSeriousA11yViolations,
  insertWebhooks,
  sql,
  test,
  uniqueName,
} from "./fixtures";
import type { Page } from "@playwright/test";

const next = (page: Page) => page.getByRole("button", { name: "Next", exact: true }).click();
const stepHeading = (page: Page) => page.locator("#wizard-step-title");

test("creates a webhook end to end, with each step refusing bad input", async ({ page }) => {
  const taken = uniqueName("Taken name");
  await insertWebhooks([{ name: taken }]);
  const name = uniqueName("Wizard hook");

  await page.goto("/webhooks");
  await page.getByRole("link", { name: "Create webhook" }).click();
  await expect(page).toHaveURL(/\/webhooks\/new$/);
  await expect(stepHeading(page)).toHaveText("Step 1 of 6: General");
  await expect(page.getByRole("button", { name: "Back" })).toBeDisabled();

  // General: a name is required.
  await next(page);
  await expect(page.getByText("Name is required")).toBeVisible();
  await expect(stepHeading(page)).toHaveText("Step 1 of 6: General");
  // A name someone already uses passes here; the server refuses it at the end.
  await page.getByLabel("Name").fill(taken.toUpperCase());
  await page.getByLabel("Description").fill("Orders for the ERP");
  await next(page);

  // Product: its own step, before the event types (CloudBlue's order); one click picks a
  // product seen before, or one is typed.
  await expect(stepHeading(page)).toHaveText("Step 2 of 6: Product");
  await expect(page.getByRole("button", { name: "Every product" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.getByLabel("Product", { exact: true }).fill("erp connector");
  await next(page);
  await expect(page.getByText("Product ids use letters, digits and . _ : -")).toBeVisible();
  await page.getByLabel("Product", { exact: true }).fill("erp-connector");
  await next(page);

  // Events: at least one.
  await expect(stepHeading(page)).toHaveText("Step 3 of 6: Events");
  await next(page);
  await expect(page.getByText("Pick at least one event type")).toBeVisible();
  await page.getByRole("checkbox", { name: /Every application event/ }).check();
  await page.getByRole("checkbox", { name: /^account\.created/ }).check();
  await next(page);

  // HTTP settings: a real URL and well-formed headers.
  await expect(stepHeading(page)).toHaveText("Step 4 of 6: HTTP settings");
  await page.getByLabel("URL").fill("not a url");
  // The URL's error appears as it loses focus; the button under the pointer still works.
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header 1 name").fill("Content-Type");
  await page.getByLabel("Header 1 value").fill("text/plain");
  await next(page);
  await expect(page.getByText("Enter a full http:// or https:// URL")).toBeVisible();
  await expect(
    page.getByText("Content-Type is set by Hookyard and cannot be overridden"),
  ).toBeVisible();
  await page.getByLabel("URL").fill("https://erp.example.com/hooks");
  await page.getByLabel("Header 1 name").fill("X-Tenant");
  await page.getByLabel("Header 1 value").fill("acme");
  await page.getByLabel("HTTP method").selectOption("PUT");
  await page.getByLabel("Signing").selectOption("jwt");
  await page.getByLabel("Retry policy").selectOption("custom");
  await page.getByLabel("Retry schedule (seconds)").fill("60, 300, 900");
  await page.getByLabel("Response timeout (seconds)").fill("20");
  await next(page);

  // Additional data: JSON objects only.
  await expect(stepHeading(page)).toHaveText("Step 5 of 6: Additional data");
  await page.getByLabel("Custom data", { exact: true }).fill("{region: eu}");
  await next(page);
  await expect(page.getByText(/Custom data is not valid JSON/)).toBeVisible();
  await page.getByLabel("Custom data", { exact: true }).fill('{"region": "eu"}');
  await next(page);

  // Review, then the server refuses the duplicate name and sends us back to General.
  await expect(stepHeading(page)).toHaveText("Step 6 of 6: Review");
  await expect(page.getByText("https://erp.example.com/hooks")).toBeVisible();
  await page.getByRole("button", { name: "Create" }).click();
  await expect(stepHeading(page)).toHaveText("Step 1 of 6: General");
  await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(
    "A webhook with this name already exists",
  );
  expect(await sql("select 1 from webhooks where lower(name) = lower($1)", [taken])).toHaveLength(
    1,
  );

  // Back and forth keeps what was typed.
  await page.getByLabel("Name").fill(name);
  await next(page);
  await expect(page.getByLabel("Product", { exact: true })).toHaveValue("erp-connector");
  await next(page);
  await next(page);
  await next(page);
  await next(page);
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page.getByLabel("Custom data", { exact: true })).toHaveValue('{"region": "eu"}');
  await next(page);
  await page.getByRole("button", { name: "Create" }).click();

  await expect(page).toHaveURL(/\/webhooks\/WH-\d{3}-\d{3}-\d{3}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  const [row] = await sql(
    `select description, event_types, product, url, method, signing, headers, retry_policy,
            retry_schedule, response_timeout_ms, custom_data, enabled
       from webhooks where name = $1`,
    [name],
  );
  expect(row).toEqual({
    description: "Orders for the ERP",
    event_types: ["application.*", "account.created"],
    product: "erp-connector",
    url: "https://erp.example.com/hooks",
    method: "PUT",
    signing: "jwt",
    headers: [{ name: "X-Tenant", value: "acme" }],
    retry_policy: "custom",
    retry_schedule: [60, 300, 900],
    response_timeout_ms: 20000,
    custom_data: { region: "eu" },
    enabled: true,
  });
});

test("the wizard has no serious accessibility violations", async ({ page }) => {
  await page.goto("/webhooks/new");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("Name").fill(uniqueName("A11y"));
  await next(page);
  await expect(stepHeading(page)).toHaveText("Step 2 of 6: Product");
  await expectNoSeriousA11yViolations(page);
  await next(page);
  await expect(stepHeading(page)).toHaveText("Step 3 of 6: Events");
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("checkbox", { name: /^ping/ }).check();
  await next(page);
  await expect(stepHeading(page)).toHaveText("Step 4 of 6: HTTP settings");
  await expectNoSeriousA11yViolations(page);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("cannot open the wizard", async ({ page }) => {
    await page.goto("/webhooks/new");
    await expect(page).toHaveURL(/\/webhooks\?denied=editor$/);
    await expect(page.getByText("That page needs the editor role")).toBeVisible();
  });
});
