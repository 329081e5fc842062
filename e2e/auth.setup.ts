import { expect, test as setup } from "@playwright/test";
import { E2E } from "./e2e-settings";
import { storageStateFor } from "./fixtures";

for (const role of ["admin", "editor", "viewer"] as const) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const { email, password } = E2E.users[role];
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Signing in hashes the password with argon2; on a busy machine that alone can take
    // seconds, and every other test waits on this one.
    await expect(page.getByTestId("current-user")).toHaveText(email, { timeout: 45_000 });
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
