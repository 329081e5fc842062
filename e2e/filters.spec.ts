import {
  createApiKey,
  expect,
  expectNoSeriousA11yViolations,
  receiverForFile,
  test,
  uniqueName,
  uniqueProduct,
} from "./fixtures";

const receiver = receiverForFile();

test("a payload filter is checked as it is typed, tried on an example, and only matching events are delivered; a rate limit is set beside it", async ({
  page,
}) => {
  const key = await createApiKey(page, uniqueName("Filter"));
  const product = uniqueProduct();
  const path = `/filtered-${Date.now().toString(36)}`;

  await page.goto("/webhooks/new");
  await page.getByLabel("Name").fill(uniqueName("Filtered hook"));
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByLabel("Product", { exact: true }).fill(product);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("checkbox", { name: /^application\.created/ }).check();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByLabel("URL").fill(`${receiver.base}${path}`);

  const filter = page.getByLabel("Payload filter (optional)");
  await filter.fill("event.data.application.plan.name ==");
  await expect(page.getByText("Unexpected token: EOF (at column 36)")).toBeVisible();
  await filter.fill(
    'event.data.application.plan.name == "Premium" && event.data.application.id > 7000',
  );
  await expect(page.getByText("The filter is valid.")).toBeVisible();

  // The preview tries the subscribed type's example, then an edited one.
  await page.getByRole("button", { name: "Test against an example payload" }).click();
  const preview = page.getByTestId("filter-preview");
  await expect(preview.getByLabel("Example of")).toHaveValue("application.created");
  await expect(preview.getByRole("status")).toHaveText("Matches: Every condition holds.");
  const example = preview.getByLabel("Example payload (event.data)");
  await example.fill('{"application": {"id": 12, "plan": {"name": "Premium"}}}');
  await expect(preview.getByRole("status")).toHaveText(
    "Does not match: event.data.application.id > 7000 is false.",
  );
  await example.fill('{"application": {"id": 9000}}');
  await expect(preview.getByRole("status")).toHaveText(
    "Does not match: No such key: plan: a filter that fails counts as no match.",
  );
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByText('event.data.application.plan.name == "Premium"')).toBeVisible();
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/webhooks\/WH-\d{3}-\d{3}-\d{3}$/);
  const id = page.url().split("/").pop()!;

  const publish = (application: Record<string, unknown>) =>
    page.request.post("/api/v1/events", {
      headers: { authorization: `Bearer ${key}` },
      data: { type: "application.created", product, payload: { application } },
    });
  for (const application of [
    { id: 7100, plan: { name: "Premium" } },
    { id: 7200, plan: { name: "Basic" } },
    { id: 7300 },
  ]) {
    expect((await publish(application)).status()).toBe(202);
  }
  await expect.poll(() => receiver.hits.filter((hit) => hit === path).length).toBe(1);

  await page.goto(`/webhooks/${id}/logs`);
  await expect(page.getByRole("row").filter({ hasText: "application.created" })).toHaveCount(1);
  await page.goto(`/webhooks/${id}/statistics`);
  const counters = page.getByTestId("filter-counters");
  await expect(counters.getByText("Not matched")).toBeVisible();
  await expect(counters).toContainText("Not matched1");
  await expect(counters).toContainText("Filter failed1");
  await expect(page.getByTestId("filter-last-error")).toContainText("No such key: plan");

  // Edited on the HTTP settings tab: a wrong filter is refused at the field, nothing saved.
  await page.goto(`/webhooks/${id}/http?edit=true`);
  const edit = page.getByLabel("Payload filter (optional)");
  await expect(edit).toHaveValue(/plan\.name == "Premium"/);
  await edit.fill("event.data.application.id + 1");
  await expect(page.getByText("A filter must be true or false; this one gives")).toBeVisible();
  await edit.fill("");
  const rate = page.getByLabel("Rate limit (deliveries per second)");
  await rate.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Rate limit must be at least 1 delivery per second")).toBeVisible();
  await rate.fill("1");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("HTTP settings saved")).toBeVisible();
  await expect(page.getByText("None: every subscribed event")).toBeVisible();
  await expect(page.getByText("1 delivery per second")).toBeVisible();
  expect((await publish({ id: 1 })).status()).toBe(202);
  await expect.poll(() => receiver.hits.filter((hit) => hit === path).length).toBe(2);

  // Beyond the limit, messages wait for it, and the Logs say so.
  for (let i = 0; i < 15; i++) expect((await publish({ id: 100 + i })).status()).toBe(202);
  await page.goto(`/webhooks/${id}/logs`);
  await expect(page.getByText("Waiting for the rate limit (1 per second)").first()).toBeVisible();
});
