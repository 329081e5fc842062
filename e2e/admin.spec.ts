import { E2E } from "./e2e-settings";
import {
  createApiKey,
  createWebhookInWizard,
  expect,
  expectNoSeriousA11yViolations,
  sql,
  test,
  uniqueName,
} from "./fixtures";

const uniqueEmail = (prefix: string) =>
  `${uniqueName(prefix).replace(" ", "-").toLowerCase()}@e2e.test`;

test("an admin invites a user, who accepts the link, signs in, and is then demoted and disabled", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("invitee");
  await page.goto("/settings");
  await page.getByLabel("Invite by email").fill(email);
  await page.getByLabel("Role", { exact: true }).first().selectOption({ label: "Editor" });
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByTestId("invite-link").innerText();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId(`user-${email}`)).toContainText("Invited");

  // The invitee, in a browser of their own.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByText(`You were invited as ${email}`)).toBeVisible();
  await invitee.getByLabel("Your name").fill("Ines Invitee");
  await invitee.getByLabel("Password").fill("short");
  await invitee.getByRole("button", { name: "Create my account" }).click();
  await expect(invitee.getByText("Use at least 12 characters")).toBeVisible();
  await invitee.getByLabel("Password").fill("a-good-long-password");
  await invitee.getByRole("button", { name: "Create my account" }).click();
  await expect(invitee.getByText("Your account is ready")).toBeVisible();
  await expect(invitee.getByLabel("Email")).toHaveValue(email);
  await invitee.getByLabel("Password").fill("a-good-long-password");
  await invitee.getByRole("button", { name: "Sign in" }).click();
  await expect(invitee.getByTestId("current-user")).toHaveText(email);
  // Their own page: a new password needs the current one.
  await invitee.getByTestId("current-user").click();
  await expect(invitee.getByRole("heading", { name: "Your account" })).toBeVisible();
  await invitee.getByLabel("Current password").fill("not-my-password");
  await invitee.getByLabel("New password").fill("an-even-longer-password");
  await invitee.getByRole("button", { name: "Change password" }).click();
  await expect(invitee.getByText("That is not your current password")).toBeVisible();
  await invitee.getByLabel("Current password").fill("a-good-long-password");
  await invitee.getByRole("button", { name: "Change password" }).click();
  await expect(invitee.getByText("Your password is changed")).toBeVisible();
  // The link is used up.
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "This link no longer works" })).toBeVisible();

  // Back in Settings: the role changes, then the account is disabled.
  await page.reload();
  const row = page.getByTestId(`user-${email}`);
  await expect(row).toContainText("Active");
  await row.getByLabel(`Role of ${email}`).selectOption({ label: "Viewer" });
  await expect(page.getByText(`${email} is now viewer`)).toBeVisible();
  expect(await sql("select role from users where email = $1", [email])).toEqual([
    { role: "viewer" },
  ]);
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("Disabled");
  // Their open session ends with the next page they ask for.
  await invitee.goto("/webhooks");
  await expect(invitee).toHaveURL(/\/login/);
  await context.close();

  const actions = await sql<{ action: string }>(
    "select action from audit_log where entity_id = (select id::text from users where email = $1) order by id",
    [email],
  );
  expect(actions.map((a) => a.action)).toEqual([
    "invited",
    "invitation.accepted",
    "signed_in",
    "password.changed",
    "role.changed",
    "disabled",
  ]);
});

test("the last admin is offered neither a role change nor Disable", async ({ page }) => {
  await page.goto("/settings");
  const me = E2E.users.admin.email;
  const row = page.getByTestId(`user-${me}`);
  // The server refuses both too (lib/users/admin.test.ts); the page does not offer them.
  await expect(row.getByLabel(`Role of ${me}`)).toBeDisabled();
  await expect(row.getByRole("button", { name: `Disable ${me}` })).toHaveCount(0);
  await expect(
    row.getByText("Last admin: make another user an admin to change this one"),
  ).toBeVisible();
  expect(await sql("select role, disabled_at from users where email = $1", [me])).toEqual([
    { role: "admin", disabled_at: null },
  ]);
});

test("an API key acts with its role: a viewer key reads and is refused writes", async ({
  page,
}) => {
  const name = uniqueName("Viewer key");
  const key = await createApiKey(page, name, "Viewer");
  const headers = { authorization: `Bearer ${key}` };
  const list = await page.request.get("/api/v1/webhooks", { headers });
  expect(list.status()).toBe(200);
  expect(await list.json()).toHaveProperty("total");
  const publish = await page.request.post("/api/v1/events", {
    headers,
    data: { type: "application.created", payload: {} },
  });
  expect(publish.status()).toBe(403);
  expect((await publish.json()).error.code).toBe("forbidden");

  await page.reload();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("viewer");
  await expect(row).not.toContainText("Never");
});

test("the audit log shows who revealed a secret, and filters by action", async ({ page }) => {
  const id = await createWebhookInWizard(page, uniqueName("Audited"), "https://example.com/a");
  await page.goto(`/webhooks/${id}/http`);
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(page.getByText(/^whsec_/)).toBeVisible();

  await page.goto("/audit");
  await page.getByLabel("Action or id").fill(id);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${id}`));
  const rows = page.getByRole("table", { name: "Audit log" }).getByRole("row");
  await expect(rows.filter({ hasText: "secret.revealed" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "created" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "secret.revealed" })).toContainText(E2E.users.admin.email);
  // Nothing an audit entry shows is the secret itself.
  await expect(page.getByText(/whsec_/)).toHaveCount(0);

  await page.getByLabel("Action or id").fill("secret.revealed");
  await page.getByLabel("Who").fill(E2E.users.admin.email);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(rows.filter({ hasText: id })).toHaveCount(1);
  await expect(rows.filter({ hasText: "created" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("the audit log is for admins; the API reference is for everyone", async ({ page }) => {
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/webhooks\?denied=admin$/);
    await expect(
      page.getByText("That page needs the admin role; your role is viewer"),
    ).toBeVisible();
    await page.goto("/api-reference");
    await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
    await expect(page.locator("#createWebhook")).toContainText("/api/v1/webhooks");
    await expect(page.locator("#createWebhook")).toContainText("role: editor");
    await expect(page.locator("#publishEvent")).toContainText("Idempotent-Replayed");
    await expectNoSeriousA11yViolations(page);
    const doc = await page.request.get("/api/v1/openapi.json");
    expect((await doc.json()).openapi).toBe("3.1.0");
  });
});
