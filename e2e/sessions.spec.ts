import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "./e2e-settings";
import { expectNoSeriousA11yViolations, sql, uniqueName } from "./fixtures";

/*
 * Sessions end for good: a session cookie copied before it ended opens nothing. Each test
 * signs in users of its own, so the shared signed-in states of other tests stay alive.
 */

const password = E2E.users.viewer.password;

/** A viewer of this test's own, whose password is the e2e viewer's. */
async function newUser(prefix: string): Promise<string> {
  const email = `${uniqueName(prefix).replace(" ", "-").toLowerCase()}@e2e.test`;
  await sql(
    `insert into users (email, name, password_hash, role)
     select $1, 'Session tester', password_hash, 'viewer' from users where email = $2`,
    [email, E2E.users.viewer.email],
  );
  return email;
}

/** A browser of its own, signed in as `email`. */
async function signedIn(browser: Browser, baseURL: string, email: string, pass = password) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(pass);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(email);
  return page;
}

/** Who `/api/auth/session` says the page's cookie belongs to (null: nobody). */
async function sessionEmail(page: Page): Promise<string | null> {
  const response = await page.request.get("/api/auth/session");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { user?: { email?: string } } | null;
  return body?.user?.email ?? null;
}

async function expectSignedOut(page: Page) {
  await page.goto("/webhooks");
  await expect(page).toHaveURL(/\/login/);
  expect(await sessionEmail(page)).toBeNull();
}

test("a session cookie copied before signing out opens nothing after it", async ({
  browser,
  baseURL,
}) => {
  const email = await newUser("copied");
  const page = await signedIn(browser, baseURL!, email);
  const copied = await page.context().cookies();
  expect(copied.map((c) => c.name)).toContain("authjs.session-token");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const thief = await browser.newContext({ baseURL });
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await expectSignedOut(stolen);
  expect(
    await sql("select 1 from user_sessions s join users u on u.id = s.user_id where u.email = $1", [
      email,
    ]),
  ).toEqual([]);
  await thief.close();
  await page.context().close();
});

test("a password change ends the user's other browser, not the one it was made in", async ({
  browser,
  baseURL,
}) => {
  const email = await newUser("changer");
  const here = await signedIn(browser, baseURL!, email);
  const elsewhere = await signedIn(browser, baseURL!, email);
  expect(await sessionEmail(elsewhere)).toBe(email);

  await here.goto("/account");
  await here.getByLabel("Current password").fill(password);
  await here.getByLabel("New password").fill("a-brand-new-password");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("Your password is changed")).toBeVisible();

  await expectSignedOut(elsewhere);
  await here.goto("/webhooks");
  await expect(here.getByTestId("current-user")).toHaveText(email);
  expect(await sessionEmail(here)).toBe(email);
  await here.context().close();
  await elsewhere.context().close();
});

test("a disabled user's session answers no user, at once", async ({ browser, baseURL }) => {
  const email = await newUser("disabled");
  const page = await signedIn(browser, baseURL!, email);
  expect(await sessionEmail(page)).toBe(email);
  // Straight in the database: the session row stays, the user is disabled.
  await sql("update users set disabled_at = now() where email = $1", [email]);
  expect(await sessionEmail(page)).toBeNull();
  await expectSignedOut(page);
  await page.context().close();
});

test("a session ended from 'Your account' ends that browser's session", async ({
  browser,
  baseURL,
}) => {
  const email = await newUser("ender");
  const here = await signedIn(browser, baseURL!, email);
  const phone = await signedIn(browser, baseURL!, email);
  const laptop = await signedIn(browser, baseURL!, email);

  await here.goto("/account");
  const sessions = here.getByRole("table", { name: "Your sessions" });
  await expect(sessions.getByTestId("current-session")).toContainText("This session");
  await expect(sessions.getByTestId("current-session")).toContainText("Chrome on Linux");
  await expect(sessions.getByTestId("other-session")).toHaveCount(2);
  await expectNoSeriousA11yViolations(here);

  await sessions.getByTestId("other-session").first().getByRole("button", { name: /^End/ }).click();
  await expect(here.getByText(/session ended/)).toBeVisible();
  await expect(sessions.getByTestId("other-session")).toHaveCount(1);
  // One of the two is signed out now; the other is not.
  const answers = [await sessionEmail(phone), await sessionEmail(laptop)];
  expect(answers.sort()).toEqual([email, null].sort());

  await here.getByRole("button", { name: "End all other sessions" }).click();
  await expect(sessions.getByTestId("other-session")).toHaveCount(0);
  await expectSignedOut(phone);
  await expectSignedOut(laptop);
  await here.reload();
  await expect(here.getByTestId("current-user")).toHaveText(email);

  const audit = await sql<{ action: string }>(
    `select action from audit_log where entity_type = 'user'
       and entity_id = (select id::text from users where email = $1) and action like 'session%'
     order by id`,
    [email],
  );
  expect(audit.map((a) => a.action)).toEqual(["session.ended", "sessions.ended"]);
  for (const page of [here, phone, laptop]) await page.context().close();
});
