import { e2eBaseUrl } from "./e2e-settings";
import {
  createWebhookInWizard,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueName,
} from "./fixtures";

const inboxName = () => `e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("a webhook pointed at the Inbox: Trigger Now arrives with a verified signature", async ({
  page,
}) => {
  const inbox = inboxName();
  const id = await createWebhookInWizard(
    page,
    uniqueName("Inbox hook"),
    `${e2eBaseUrl}/api/inbox/${inbox}`,
  );
  await page.getByRole("button", { name: "Trigger Now" }).click();
  await expect(page.getByText("Ping delivered: HTTP 200")).toBeVisible({ timeout: 20_000 });

  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  await expect(page.getByRole("link", { name: inbox })).toBeVisible();
  await page.getByRole("link", { name: inbox }).click();
  await expect(page).toHaveURL(new RegExp(`/inbox/${inbox}$`));
  const request = page.getByTestId("inbox-request");
  await expect(request).toHaveCount(1);
  await expect(request.getByText("Signature verified", { exact: true })).toBeVisible();
  await expect(request.getByTestId("signature-detail")).toContainText(
    `Signature verified with the secret of ${id}`,
  );
  await expect(request.getByTestId("inbox-body")).toContainText('"type": "ping"');
  await expect(request.getByText("webhook-signature", { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("a JWT webhook verifies, and a forged request does not", async ({ page }) => {
  const inbox = inboxName();
  await createWebhookInWizard(page, uniqueName("JWT hook"), `${e2eBaseUrl}/api/inbox/${inbox}`, {
    signing: "JWT HS256 bearer token",
  });
  await page.getByRole("button", { name: "Trigger Now" }).click();
  await expect(page.getByText("Ping delivered: HTTP 200")).toBeVisible({ timeout: 20_000 });

  // Someone who knows the message id but not the secret.
  const forged = await page.request.post(`/api/inbox/${inbox}?status=503`, {
    headers: {
      "webhook-id": "msg_forged",
      "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      "webhook-signature": "v1,Zm9yZ2Vk",
      "content-type": "application/json",
    },
    data: { type: "ping" },
  });
  expect(forged.status()).toBe(503);

  await page.goto(`/inbox/${inbox}`);
  const requests = page.getByTestId("inbox-request");
  await expect(requests).toHaveCount(2);
  await expect(requests.nth(0).getByText("Signature not verified")).toBeVisible();
  await expect(requests.nth(0).getByText("answered 503")).toBeVisible();
  await expect(requests.nth(1).getByText("JWT verified", { exact: true })).toBeVisible();
});

test("an Inbox refuses a bad name and answers 200 by default", async ({ request }) => {
  const bad = await request.post("/api/inbox/not%20a%20name", { data: {} });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toContain("Inbox names");
  const good = await request.put(`/api/inbox/${inboxName()}`, { data: "<a/>" });
  expect(good.status()).toBe(200);
  expect(await good.json()).toMatchObject({ received: true });
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });
  test("credentials in headers are hidden", async ({ page, request }) => {
    const inbox = inboxName();
    await request.post(`/api/inbox/${inbox}`, {
      headers: { "x-api-key": "super-secret-value", "x-trace": "visible-value" },
      data: { hello: "world" },
    });
    await page.goto(`/inbox/${inbox}`);
    await expect(page.getByText("visible-value")).toBeVisible();
    await expect(page.getByText("super-secret-value")).toHaveCount(0);
    // Only x-api-key: the session cookie the request carried is not recorded at all.
    await expect(page.getByText("hidden for your role")).toHaveCount(1);
    await expect(page.getByText("cookie", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Clear" })).toHaveCount(0);
  });
});
