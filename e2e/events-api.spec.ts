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

test("a back office publishes an event with an API key and the webhook receives it", async ({
  page,
}) => {
  const keyName = uniqueName("Billing back office");
  const key = await createApiKey(page, keyName);
  const inbox = `api-${Date.now().toString(36)}`;
  const product = uniqueProduct();
  await createWebhookInWizard(page, uniqueName("API hook"), `${e2eBaseUrl}/api/inbox/${inbox}`, {
    eventTypes: ["application.created"],
    product,
  });

  const auth = { authorization: `Bearer ${key}` };
  const body = {
    type: "application.created",
    product,
    payload: { application: { id: 4242, name: "From the API" } },
    idempotencyKey: `order-${Date.now()}`,
  };
  const first = await page.request.post("/api/v1/events", { headers: auth, data: body });
  expect(first.status()).toBe(202);
  const answer = (await first.json()) as { id: string; messages: number };
  expect(answer.id).toMatch(/^evt_/);
  expect(answer.messages).toBe(1);
  const [stored] = await sql("select type, message_count from events where id = $1", [answer.id]);
  expect(stored).toEqual({ type: "application.created", message_count: answer.messages });

  // The same idempotency key answers the first answer again and stores nothing new.
  const again = await page.request.post("/api/v1/events", { headers: auth, data: body });
  expect(again.status()).toBe(202);
  expect(await again.json()).toEqual(answer);
  expect(again.headers()["idempotent-replayed"]).toBe("true");

  await page.goto(`/inbox/${inbox}`);
  const request = page.getByTestId("inbox-request");
  await expect(request).toHaveCount(1, { timeout: 20_000 });
  await expect(request.getByTestId("inbox-body")).toContainText('"name": "From the API"');
  await expect(request.getByText("Signature verified", { exact: true })).toBeVisible();

  // Settings shows when the key was last used; revoked, it no longer opens the API.
  await page.goto("/settings");
  const row = page.getByRole("row", { name: new RegExp(keyName) });
  await expect(row).not.toContainText("Never");
  await row.getByRole("button", { name: `Revoke ${keyName}` }).click();
  await page.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(row.getByText("Revoked")).toBeVisible();
  const revoked = await page.request.post("/api/v1/events", { headers: auth, data: body });
  expect(revoked.status()).toBe(401);
});

test("the events API names what is wrong and stores nothing", async ({ page }) => {
  const key = await createApiKey(page, uniqueName("Errors"));
  const auth = { authorization: `Bearer ${key}` };
  const post = (data: unknown, headers: Record<string, string> = auth) =>
    page.request.post("/api/v1/events", { headers, data });

  const noKey = await post({ type: "application.created", payload: {} }, {});
  expect(noKey.status()).toBe(401);
  const wrongKey = await post(
    { type: "application.created", payload: {} },
    { authorization: `Bearer hk_${"x".repeat(43)}` },
  );
  expect(wrongKey.status()).toBe(401);

  const noPayload = await post({ type: "application.created" });
  expect(noPayload.status()).toBe(400);
  expect((await noPayload.json()).error).toMatchObject({
    code: "invalid_request",
    field: "payload",
  });

  const extra = await post({ type: "application.created", payload: {}, colour: "red" });
  expect(extra.status()).toBe(400);
  expect((await extra.json()).error.message).toContain("colour");

  const notJson = await page.request.post("/api/v1/events", {
    headers: { ...auth, "content-type": "application/json" },
    data: "{not json",
  });
  expect(notJson.status()).toBe(400);

  const unknown = await post({ type: "invoice.paid", payload: {} });
  expect(unknown.status()).toBe(422);
  expect((await unknown.json()).error.fields).toEqual({ type: "Not in the event type catalog" });

  const huge = await post({ type: "application.created", payload: { blob: "x".repeat(300_000) } });
  expect(huge.status()).toBe(413);

  // Other tests publish at the same time; none of these requests stored anything.
  const mine = await sql<{ n: string }>(
    "select count(*) as n from events where payload ? 'blob' or type = 'invoice.paid'",
  );
  expect(mine[0]!.n).toBe("0");
});

test.describe("as an editor", () => {
  test.use({ role: "editor" });
  test("Settings is for admins only", async ({ page }) => {
    await page.goto("/webhooks");
    await expect(page.getByRole("link", { name: "Inbox", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/webhooks\?denied=admin$/);
    await expect(
      page.getByText("That page needs the admin role; your role is editor"),
    ).toBeVisible();
  });
});
