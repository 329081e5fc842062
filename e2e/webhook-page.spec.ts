import type { Page } from "@playwright/test";
import {
  createWebhookInWizard,
  expect,
  expectNoSeriousA11yViolations,
  insertWebhooks,
  sql,
  storageStateFor,
  test,
  uniqueName,
} from "./fixtures";

/** Creates a webhook through the wizard's server action path, as a person would, and opens it. */
async function createViaWizard(page: Page, name: string) {
  await page.goto("/webhooks/new");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("checkbox", { name: /^ping/ }).check();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByLabel("URL").fill("https://receiver.example.com/in");
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/webhooks\/WH-\d{3}-\d{3}-\d{3}$/);
  return page.url().split("/").pop()!;
}

test("Details: edit the general attributes and see them in the history", async ({ page }) => {
  const name = uniqueName("Detailed");
  const id = await createViaWizard(page, name);
  await expect(page.getByTestId("webhook-id")).toHaveText(id);
  await expect(page.getByRole("link", { name: "Details" })).toHaveAttribute("aria-current", "page");

  await page.getByRole("button", { name: "Edit details" }).click();
  await page.getByLabel("Name").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Name is required")).toBeVisible();

  const renamed = `${name} v2`;
  await page.getByLabel("Name").fill(renamed);
  await page.getByLabel("Description").fill("Now with a description");
  await page.getByRole("checkbox", { name: /Every account event/ }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Webhook saved")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(renamed);
  await expect(
    page.getByRole("definition").filter({ hasText: "Now with a description" }),
  ).toBeVisible();

  const history = page.getByRole("list", { name: "History" });
  await expect(history).toContainText("changed name, event types, description");
  await expect(history).toContainText("created the webhook");
  await expect(history).toContainText(`${name} → ${renamed}`);

  // The header's Edit asks what to edit; General opens the same form.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByRole("menuitem", { name: /^General/ }).click();
  await expect(page.getByRole("form", { name: "Edit general settings" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("form", { name: "Edit general settings" })).toHaveCount(0);
  await expect(page).not.toHaveURL(/edit=/);
  expect(await sql("select event_types from webhooks where id = $1", [id])).toEqual([
    { event_types: ["ping", "account.*"] },
  ]);
});

test("HTTP settings: edit, and reveal, copy and regenerate the secret", async ({
  page,
  context,
  browser,
}) => {
  test.slow(); // edits, saves twice, then reads the pages again as a viewer
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const id = await createViaWizard(page, uniqueName("Secretive"));
  await page.getByRole("link", { name: "HTTP settings", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}/http$`));

  const secret = page.getByTestId("webhook-secret");
  await expect(secret).toContainText("whsec_••••");
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const first = await secret.innerText();
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(secret).toContainText("••••");

  await page.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(page.getByText("Secret copied to the clipboard")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);

  await page.getByRole("button", { name: "Regenerate" }).click();
  const rotate = page.getByRole("alertdialog");
  // The old secret keeps signing for a day unless chosen otherwise.
  await expect(rotate.getByLabel("Keep the old secret signing for")).toHaveValue("86400");
  await rotate.getByLabel("Keep the old secret signing for").selectOption({ label: "3 days" });
  await rotate.getByRole("button", { name: "Regenerate" }).click();
  await expect(page.getByText("A new secret is in use")).toBeVisible();
  await expect(page.getByTestId("previous-secret")).toContainText(
    "The previous secret also signs every delivery until",
  );
  const rotated = await sql<{ hours: number }>(
    `select round(extract(epoch from previous_secret_expires_at - now()) / 3600)::int as hours
     from webhooks where id = $1`,
    [id],
  );
  expect(rotated).toEqual([{ hours: 72 }]);
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(secret).toHaveText(/^whsec_/);
  expect(await secret.innerText()).not.toBe(first);

  await page.getByRole("button", { name: "Edit HTTP settings" }).click();
  await page.getByLabel("URL").fill("ftp://nope");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Enter a full http:// or https:// URL")).toBeVisible();
  await page.getByLabel("URL").fill("https://receiver.example.com/v2?api_key=url-key-e2e");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header 1 name").fill("X-Api-Version");
  await page.getByLabel("Header 1 value").fill("2");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header 2 name").fill("X-Partner");
  await page.getByLabel("Header 2 value").fill("partner-credential-e2e");
  await page.getByLabel("Header 2 secret").check();
  await page.getByLabel("Retry policy").selectOption("fixed_5x60s");
  await page.getByLabel("Connect timeout (seconds)").fill("5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("HTTP settings saved")).toBeVisible();
  // Credentials are stored sealed and shown masked, even to the person who typed them.
  await expect(page.getByText("https://receiver.example.com/v2?api_key=••••••••")).toBeVisible();
  await expect(page.getByText("X-Api-Version: 2")).toBeVisible();
  await expect(page.getByText("X-Partner: ••••••••")).toBeVisible();
  const [row] = await sql<{ url_sealed: string; headers: { name: string; sealed?: string }[] }>(
    "select url, retry_policy, connect_timeout_ms, headers, url_sealed from webhooks where id = $1",
    [id],
  );
  expect(row).toEqual({
    url: "https://receiver.example.com/v2?api_key=••••••••",
    url_sealed: expect.stringMatching(/^v1\./),
    retry_policy: "fixed_5x60s",
    connect_timeout_ms: 5000,
    headers: [
      { name: "X-Api-Version", value: "2" },
      { name: "X-Partner", sealed: expect.stringMatching(/^v1\./) },
    ],
  });
  // Saved again untouched, the credentials stay.
  await page.getByRole("button", { name: "Edit HTTP settings" }).click();
  await expect(page.getByLabel("Header 2 value")).toHaveValue("••••••••");
  await page.getByLabel("Response timeout (seconds)").fill("12");
  await page.getByRole("button", { name: "Save changes" }).click();
  // (The first save's toast may still be showing: the saved row tells.)
  const saved = () =>
    sql("select url_sealed, headers, response_timeout_ms from webhooks where id = $1", [id]);
  await expect.poll(async () => (await saved())[0]!.response_timeout_ms).toBe(12000);
  expect(await saved()).toEqual([
    { url_sealed: row!.url_sealed, headers: row!.headers, response_timeout_ms: 12000 },
  ]);

  // Reveals and regenerations are in the history; the secret itself never is.
  const audit = await sql<{ action: string; changes: unknown }>(
    "select action, changes from audit_log where entity_id = $1",
    [id],
  );
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(["secret.revealed", "secret.regenerated"]),
  );
  expect(JSON.stringify(audit)).not.toContain("whsec_");
  expect(JSON.stringify(audit)).not.toMatch(/url-key-e2e|partner-credential-e2e/);
  await expectNoSeriousA11yViolations(page);

  // A viewer reads the tab, its HTML and its RSC payload without a credential in them.
  const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
  const asViewer = await viewer.newPage();
  await asViewer.goto(`/webhooks/${id}/http`);
  await expect(asViewer.getByText("X-Partner: ••••••••")).toBeVisible();
  for (const answer of [
    await asViewer.request.get(`/webhooks/${id}/http`),
    await asViewer.request.get(`/webhooks/${id}/http`, { headers: { RSC: "1" } }),
    await asViewer.request.get(`/webhooks/${id}`, { headers: { RSC: "1" } }),
    await asViewer.request.get("/webhooks"),
  ]) {
    expect(answer.status()).toBe(200);
    expect(await answer.text()).not.toMatch(/url-key-e2e|partner-credential-e2e/);
  }
  await viewer.close();
});

test("Details shows where and how messages are sent, never a credential or the secret", async ({
  page,
}) => {
  const id = await createWebhookInWizard(
    page,
    uniqueName("Targeted"),
    "https://receiver.example.com/in?api_key=details-key-e2e",
    { signing: "JWT HS256 bearer token" },
  );
  const delivery = page.getByTestId("webhook-delivery");
  await expect(delivery.locator("dt")).toHaveText(["URL", "Method", "Payload format", "Signing"]);
  await expect(delivery.locator("dd")).toHaveText([
    "https://receiver.example.com/in?api_key=••••••••",
    "POST",
    "JSON",
    "JWT HS256 bearer token",
  ]);
  await expect(page.locator("main")).not.toContainText("whsec_");
  for (const answer of [
    await page.request.get(`/webhooks/${id}`),
    await page.request.get(`/webhooks/${id}`, { headers: { RSC: "1" } }),
  ]) {
    expect(await answer.text()).not.toMatch(/whsec_|details-key-e2e/);
  }
  await expectNoSeriousA11yViolations(page);

  // A GET request has no body, so no payload format.
  await sql("update webhooks set method = 'GET' where id = $1", [id]);
  await page.reload();
  await expect(delivery.locator("dt")).toHaveText(["URL", "Method", "Signing"]);
  await expect(delivery.locator("dd").nth(1)).toHaveText("GET");

  const edit = delivery.getByRole("link", { name: "Edit HTTP settings" });
  await expect(edit).toHaveAttribute("href", `/webhooks/${id}/http?edit=true`);
  await edit.click();
  await expect(page.getByRole("form", { name: "Edit HTTP settings" })).toBeVisible();
});

test("the header's Edit asks what to edit: HTTP settings opens its form and a new URL saves", async ({
  page,
}) => {
  const id = await createWebhookInWizard(
    page,
    uniqueName("Moving"),
    "https://receiver.example.com/old",
  );
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("menuitem")).toHaveText([
    /^General.*name, events, product/i,
    /^HTTP settings.*URL, method, headers, signing/i,
    /^Custom data/,
  ]);
  await page.getByRole("menuitem", { name: /^HTTP settings/ }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}/http\\?edit=true$`));
  const form = page.getByRole("form", { name: "Edit HTTP settings" });
  await form.getByLabel("URL").fill("https://receiver.example.com/new");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("HTTP settings saved")).toBeVisible();
  await expect(form).toHaveCount(0);
  await expect(page).not.toHaveURL(/edit=/);
  expect(await sql("select url from webhooks where id = $1", [id])).toEqual([
    { url: "https://receiver.example.com/new" },
  ]);

  await page.getByRole("link", { name: "Details", exact: true }).click();
  await expect(page.getByTestId("webhook-delivery")).toContainText(
    "https://receiver.example.com/new",
  );
  // Custom data is one choice away too.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByRole("menuitem", { name: /^Custom data/ }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}/custom-data\\?edit=true$`));
  await expect(page.getByRole("form", { name: "Edit custom data" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("Custom data: edit the JSON, with malformed JSON refused", async ({ page }) => {
  const id = await createViaWizard(page, uniqueName("Custom"));
  await page.getByRole("link", { name: "Custom data" }).click();
  await expect(page.getByText("No custom data.")).toBeVisible();
  await page.getByRole("button", { name: "Edit custom data" }).click();
  await page.getByLabel("Custom data", { exact: true }).fill('["not", "an object"]');
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/Custom data must be a JSON object/)).toBeVisible();
  await page.getByLabel("Custom data", { exact: true }).fill('{"region": "eu", "tier": 2}');
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Custom data saved")).toBeVisible();
  await expect(page.getByTestId("custom-data")).toContainText('"region": "eu"');
  expect(await sql("select custom_data from webhooks where id = $1", [id])).toEqual([
    { custom_data: { region: "eu", tier: 2 } },
  ]);
});

test("the header disables, enables and deletes", async ({ page }) => {
  const name = uniqueName("Header");
  const id = await createViaWizard(page, name);
  await expect(page.getByTestId("webhook-status")).toHaveText("Enabled");
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("webhook-status")).toHaveText("Disabled");
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.getByTestId("webhook-status")).toHaveText("Enabled");

  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete webhook" }).click();
  await expect(page).toHaveURL(/\/webhooks$/);
  expect(await sql("select 1 from webhooks where id = $1", [id])).toHaveLength(0);
  const response = await page.goto(`/webhooks/${id}`);
  expect(response?.status()).toBe(404);
});

test("an unknown or malformed id is a 404 page", async ({ page }) => {
  for (const path of ["/webhooks/WH-000-000-000", "/webhooks/not-an-id", "/webhooks/%27%3B--"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found/i);
  }
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("sees every tab but no secret and no control that changes anything", async ({ page }) => {
    const id = (await insertWebhooks([{ name: uniqueName("Viewed") }]))[0]!;
    for (const tab of ["", "/http", "/custom-data"]) {
      await page.goto(`/webhooks/${id}${tab}`);
      await expect(page.getByTestId("webhook-id")).toHaveText(id);
      await expect(page.locator("main")).not.toContainText("whsec_");
      // Copying the id changes nothing; no other button is there.
      await expect(
        page.locator("main").getByRole("button").filter({ hasNotText: "Copy webhook id" }),
      ).toHaveCount(0);
      expect(await page.content()).not.toContain("whsec_");
    }
    // Details shows where messages go, with a way to the settings but not to edit them.
    await page.goto(`/webhooks/${id}`);
    const delivery = page.getByTestId("webhook-delivery");
    await expect(delivery).toContainText("https://example.com/hooks");
    await expect(delivery.getByRole("link", { name: "Edit HTTP settings" })).toHaveCount(0);
    await page.goto(`/webhooks/${id}/http`);
    await expect(page.getByText("visible to editors and admins only")).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
});
