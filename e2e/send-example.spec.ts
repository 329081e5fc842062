import { e2eBaseUrl } from "./e2e-settings";
import {
  createWebhookInWizard,
  expect,
  expectNoSeriousA11yViolations,
  sql,
  test,
  uniqueName,
  uniqueProduct,
} from "./fixtures";

test("an event type's example, edited, is sent for real and its message is linked", async ({
  page,
}) => {
  const product = uniqueProduct();
  const inbox = `example-${Date.now().toString(36)}`;
  const name = uniqueName("Example receiver");
  const id = await createWebhookInWizard(page, name, `${e2eBaseUrl}/api/inbox/${inbox}`, {
    eventTypes: ["application.created"],
    product,
  });

  await page.goto("/event-types");
  await page.getByText("application.created", { exact: true }).click();
  await page.getByRole("button", { name: "Send example" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Send application.created" });
  await expect(dialog.getByLabel("Payload (JSON)")).toHaveValue(/"application"/);
  await expectNoSeriousA11yViolations(page);

  // Malformed JSON is refused on the field, and nothing is sent.
  await dialog.getByLabel("Payload (JSON)").fill('{"application": ');
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog.getByText("The payload is not valid JSON")).toBeVisible();

  await dialog.getByLabel("Product").fill(product);
  await dialog
    .getByLabel("Payload (JSON)")
    .fill(JSON.stringify({ application: { id: 7, name: "Sent from the catalog" } }));
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  // Webhooks of other tests that take every product may get it too: find ours in the list.
  await expect(dialog.getByText(/\d+ messages? on the way\./)).toBeVisible();
  await dialog.getByRole("link", { name }).click();

  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}/logs/msg_`));
  await expect(page.getByText("Sent from the catalog").first()).toBeVisible();
  // It went out like any event: the Inbox got it.
  await expect
    .poll(async () => (await sql("select body from inbox_requests where inbox = $1", [inbox]))[0])
    .toMatchObject({ body: expect.stringContaining("Sent from the catalog") });
});

test("from a webhook's page, its example event goes to that webhook alone", async ({ page }) => {
  const inbox = `example-one-${Date.now().toString(36)}`;
  const name = uniqueName("Example target");
  const id = await createWebhookInWizard(page, name, `${e2eBaseUrl}/api/inbox/${inbox}`, {
    eventTypes: ["application.created"],
  });
  await page.getByRole("button", { name: "Send example event" }).click();
  const dialog = page.getByRole("dialog", { name: "Send an example event to this webhook" });
  // The example is read when the dialog opens: the catalog's, ready to edit.
  await expect(dialog.getByLabel("Payload (JSON)")).toHaveValue(/"application"/);
  await dialog
    .getByLabel("Payload (JSON)")
    .fill(JSON.stringify({ application: { id: 8, name: "Only for this webhook" } }));
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog.getByText("1 message on the way.")).toBeVisible();
  await dialog.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}/logs/msg_`));
  const messageId = page.url().split("/").pop()!;
  expect(
    await sql("select webhook_id, kind, event_id from messages where id = $1", [messageId]),
  ).toEqual([{ webhook_id: id, kind: "manual", event_id: null }]);
  await expect
    .poll(async () => (await sql("select body from inbox_requests where inbox = $1", [inbox]))[0])
    .toMatchObject({ body: expect.stringContaining("Only for this webhook") });
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("sees the examples but cannot send them", async ({ page }) => {
    await page.goto("/event-types");
    await page.getByText("application.created", { exact: true }).click();
    await expect(page.getByText('"application"').first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Send example" })).toHaveCount(0);
  });
});
