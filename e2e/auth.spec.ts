import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-settings";
import { sql } from "./fixtures";

test.describe("sign-in", () => {
  test("a visitor is sent to sign-in, signs in, and signs out", async ({ page }) => {
    await page.goto("/webhooks");
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill(E2E.users.editor.email);
    await page.getByLabel("Password").fill(E2E.users.editor.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(page.getByTestId("current-user")).toHaveText(E2E.users.editor.email);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/webhooks");
    await expect(page).toHaveURL(/\/login/);
  });

  test("after sign-in, ?next= leads only to a page of the console", async ({ page, baseURL }) => {
    // Each of these was followed to evil.example by the browser before (a backslash or a tab
    // makes `/x` a `//host` URL).
    for (const next of ["/\\evil.example/", "/\\/evil.example/", "/\t/evil.example/"]) {
      await page.context().clearCookies();
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(E2E.users.viewer.email);
      await page.getByLabel("Password").fill(E2E.users.viewer.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    }
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent("/webhooks")}`);
    await page.getByLabel("Email").fill(E2E.users.viewer.email);
    await page.getByLabel("Password").fill(E2E.users.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/webhooks$/);
  });

  test("a wrong password is refused with a message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(E2E.users.viewer.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("repeated failures lock the account for a while, even for the right password", async ({
    page,
  }) => {
    const email = `locked-${Date.now()}@e2e.test`;
    // A user of its own, so locking it cannot disturb other tests.
    const [{ hash }] = (await sql<{ hash: string }>(
      "select password_hash as hash from users where email = $1",
      [E2E.users.viewer.email],
    )) as [{ hash: string }];
    await sql(
      "insert into users (email, name, password_hash, role) values ($1, 'Locked', $2, 'viewer')",
      [email, hash],
    );
    await page.goto("/login");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`wrong-${i}`);
      // Wait for each attempt's answer: the form resets after every submission.
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login")),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await expect(page.locator("form").getByRole("alert")).toBeVisible();
      // The answer is applied (and the password cleared) only when React commits it.
      await expect(page.getByLabel("Password")).toHaveValue("");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed sign-ins");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(E2E.users.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed sign-ins");
    // The server knows no client address here (no trusted proxy): all count as one.
    const [row] = await sql<{ failed: number }>(
      "select failures as failed from sign_in_throttle where account = $1 and client = 'unknown'",
      [email],
    );
    expect(row!.failed).toBe(5);
  });

  test("a made-up X-Forwarded-For does not escape the lock while no proxy is trusted", async ({
    browser,
    baseURL,
  }) => {
    const email = `spoofer-${Date.now()}@e2e.test`;
    const signInFrom = async (forwardedFor: string, password: string) => {
      const context = await browser.newContext({
        baseURL,
        extraHTTPHeaders: { "x-forwarded-for": forwardedFor },
      });
      const page = await context.newPage();
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      const alert = await page.locator("form").getByRole("alert").innerText();
      await context.close();
      return alert;
    };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await signInFrom(`198.51.100.${i + 1}`, `wrong-${i}`));
    expect(answers.at(-1)).toContain("Too many failed sign-ins");
    expect(await signInFrom("198.51.100.99", "wrong-again")).toContain("Too many failed sign-ins");
  });
});

test.describe("the session cookie", () => {
  /** Signs in through the credentials route and returns the Set-Cookie lines. */
  async function signInSetCookies(baseURL: string, headers: Record<string, string>) {
    const csrf = await fetch(`${baseURL}/api/auth/csrf`, { headers });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const response = await fetch(`${baseURL}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: E2E.users.viewer.email,
        password: E2E.users.viewer.password,
        csrfToken,
        callbackUrl: "/",
      }),
    });
    expect(response.status).toBe(302);
    return response.headers.getSetCookie().filter((line) => line.includes("session-token="));
  }

  test("is Secure, with the __Secure- prefix, when a proxy says the request came over https", async ({
    baseURL,
  }) => {
    const [line, ...rest] = await signInSetCookies(baseURL!, { "x-forwarded-proto": "https" });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^__Secure-authjs\.session-token=[^;]+;/);
    expect(line).toMatch(/; Secure(;|$)/i);
    expect(line).toMatch(/; HttpOnly(;|$)/i);
    expect(line).toMatch(/; SameSite=Lax(;|$)/i);
  });

  test("is a plain cookie over http, so signing in on http://localhost still works", async ({
    baseURL,
  }) => {
    const [line, ...rest] = await signInSetCookies(baseURL!, {});
    expect(rest).toEqual([]);
    expect(line).toMatch(/^authjs\.session-token=[^;]+;/);
    expect(line).not.toMatch(/; Secure(;|$)/i);
  });

  test("the Secure cookie opens the session on the next request through the proxy", async ({
    baseURL,
  }) => {
    const https = { "x-forwarded-proto": "https" };
    const [line] = await signInSetCookies(baseURL!, https);
    const cookie = line!.split(";")[0]!;
    const session = async (headers: Record<string, string>) =>
      (await (await fetch(`${baseURL}/api/auth/session`, { headers })).json()) as {
        user?: { email?: string };
      } | null;
    expect((await session({ ...https, cookie }))?.user?.email).toBe(E2E.users.viewer.email);
    // Over plain http the __Secure- cookie is not the session cookie.
    expect(await session({ cookie })).toBeNull();
  });
});
