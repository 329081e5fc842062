import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** The page background's relative lightness, 0 (black) to 1 (white), as painted. */
function backgroundLightness(page: Page) {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  });
}

const isDark = async (page: Page) => (await backgroundLightness(page)) < 0.3;

async function chooseTheme(page: Page, label: "System" | "Light" | "Dark") {
  await page.getByTestId("theme").click();
  await page.getByRole("menuitemradio", { name: label }).click();
  await expect(page.getByTestId("theme")).toHaveAccessibleName(`Theme: ${label.toLowerCase()}`);
}

test("the console follows the system's colour scheme until a theme is chosen", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  expect(await isDark(page)).toBe(true);

  await page.emulateMedia({ colorScheme: "light" });
  expect(await isDark(page)).toBe(false);
});

test("a chosen theme applies at once, is remembered, and System hands back to the system", async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/webhooks");
  await expect(page.getByTestId("theme")).toHaveAccessibleName("Theme: system");

  await chooseTheme(page, "Dark");
  expect(await isDark(page)).toBe(true);
  // Remembered: rendered dark by the server on the next visit, whatever the system says.
  await page.goto("/messages");
  await expect(page.locator("html")).toHaveClass("dark");
  expect(await isDark(page)).toBe(true);
  await expect(page.getByTestId("theme")).toHaveAccessibleName("Theme: dark");

  await page.emulateMedia({ colorScheme: "dark" });
  await chooseTheme(page, "Light");
  expect(await isDark(page)).toBe(false);
  await page.reload();
  expect(await isDark(page)).toBe(false);

  await chooseTheme(page, "System");
  expect(await isDark(page)).toBe(true);
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/light|dark/);
  expect(await isDark(page)).toBe(true);
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] }, colorScheme: "dark" });

  test("the sign-in page follows the system's scheme too", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    expect(await isDark(page)).toBe(true);
  });
});

test("the console has a favicon", async ({ page }) => {
  await page.goto("/webhooks");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
