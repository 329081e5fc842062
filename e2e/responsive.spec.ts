import type { Page } from "@playwright/test";
import { E2E } from "./e2e-settings";
import {
  expect,
  expectNoSeriousA11yViolations,
  insertWebhooks,
  sql,
  test,
  uniqueName,
  uniqueProduct,
} from "./fixtures";

// A webhook with a long name and URL (the text that widens a page) and finished messages
// with an attempt each (none left for the worker to try), so the detail tabs, the Logs and
// the Messages tables have rows.
let webhookId: string;
let messageId: string;
const inbox = `responsive-${Date.now().toString(36)}`;

test.beforeAll(async () => {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  webhookId = (
    await insertWebhooks([
      {
        name: uniqueName("Responsive order-fulfilment-notifications-for-the-warehouse"),
        url: `https://receiver.example.com/hooks/a-rather-long-path-segment-${suffix}/more?token=abcdefghijklmnopqrstuvwxyz0123456789`,
        eventTypes: ["application.created", "ping"],
        product: uniqueProduct(),
      },
    ])
  )[0]!;
  messageId = `msg_responsive${suffix}`;
  await sql(
    `insert into messages (id, webhook_id, kind, event_type, payload, status, attempts, created_at,
                           deadline_at, last_attempt_at, last_response_status, last_error)
     select $2::text || s.n, $1::text, 'event', 'application.created',
            jsonb_build_object('application', jsonb_build_object('id', s.n,
              'description', repeat('a-long-unbroken-value-', 12))),
            s.status::message_status, 1, now() - (s.n || ' minutes')::interval,
            now() + interval '1 day', now() - (s.n || ' minutes')::interval, s.code, s.error
     from (values (0, 'failed', 500, 'The endpoint answered HTTP 500 Internal Server Error'),
                  (1, 'success', 200, null), (2, 'cancelled', 503, 'HTTP 503')) as s(n, status, code, error)`,
    [webhookId, messageId],
  );
  await sql(
    `insert into attempts (message_id, webhook_id, number, started_at, duration_ms, request,
                           response_status, response_headers, response_body, success)
     select id, webhook_id, 1, created_at, 120,
            jsonb_build_object('url', 'https://receiver.example.com/hooks/' || repeat('segment-', 20),
              'method', 'POST', 'headers', jsonb_build_object('content-type', 'application/json',
              'webhook-signature', 'v1,' || repeat('c2lnbmF0dXJl', 8)), 'body', payload::text),
            last_response_status, '{"content-type":"text/plain"}'::jsonb,
            repeat('a-long-unbroken-response-body-', 10), status = 'success'
     from messages where webhook_id = $1::text`,
    [webhookId],
  );
  await sql(
    `insert into inbox_requests (inbox, method, url, headers, body, size, signature, answered_status)
     values ($1::text, 'POST', '/api/inbox/' || $1::text || '?status=200&' || repeat('long-query-', 10),
             '{"content-type":"application/json"}'::jsonb, $2::text, length($2::text),
             '{"scheme":"none"}'::jsonb, 200)`,
    [inbox, JSON.stringify({ type: "ping", data: "x".repeat(300) })],
  );
});

/** Every console page with something on it; the admin sees all of them. */
const pages = (): [name: string, path: string][] => [
  ["Overview", "/"],
  ["Webhooks", "/webhooks"],
  ["New webhook", "/webhooks/new"],
  ["Webhook Details", `/webhooks/${webhookId}`],
  ["Webhook HTTP settings", `/webhooks/${webhookId}/http`],
  ["Webhook Custom data", `/webhooks/${webhookId}/custom-data`],
  ["Webhook Logs", `/webhooks/${webhookId}/logs`],
  ["Webhook message", `/webhooks/${webhookId}/logs/${messageId}0`],
  ["Webhook Statistics", `/webhooks/${webhookId}/statistics`],
  ["Messages", "/messages"],
  ["Event types", "/event-types"],
  ["Inbox", "/inbox"],
  ["Inbox requests", `/inbox/${inbox}`],
  ["API reference", "/api-reference"],
  ["Audit log", "/audit"],
  ["Alerts", "/alerts"],
  ["Settings", "/settings"],
  ["Account", "/account"],
];

/**
 * Why `name` scrolls sideways, naming the innermost elements that stick out past the window
 * outside any scroller of their own (what widens the page); undefined when it does not.
 */
async function sidewaysScroll(page: Page, name: string): Promise<string | undefined> {
  // Charts and tables size themselves after hydration; measure once the page has settled.
  await page.waitForLoadState("networkidle");
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const innerWidth = window.innerWidth;
    // Clipped by a scroller: for an absolutely positioned element (an sr-only label), only
    // one that is its containing block or above it.
    const clipped = (el: Element) => {
      const position = getComputedStyle(el).position;
      if (position === "fixed") return false;
      let inContainingBlock = position !== "absolute";
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (!inContainingBlock && style.position === "static") continue;
        inContainingBlock = true;
        if (style.overflowX !== "visible") return true;
      }
      return false;
    };
    const over = [...document.querySelectorAll("body *")].filter(
      (el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !clipped(el),
    );
    const culprits = over
      .filter((el) => !over.some((other) => other !== el && el.contains(other)))
      .slice(0, 3)
      .map((el) => {
        const what = `${el.tagName.toLowerCase()}.${(el.getAttribute("class") ?? "").replace(/ +/g, ".")}`;
        return `${what.slice(0, 100)} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
      });
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
  });
  if (scrollWidth <= innerWidth) return undefined;
  return `${name} is ${scrollWidth} px wide in a ${innerWidth} px window; sticking out: ${culprits.join(" | ")}`;
}

// Every console page, loaded once per width: at 360 and 390 px none scrolls sideways; at 390
// and 1440 px each passes axe (no serious or critical violation) light, then dark — the
// system's scheme switched on the loaded page, the palette the theme menu's choice renders
// too. Only colours change with the theme, so the dark pass runs axe's colour rules.
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];
const passes: { width: number; height: number; sideways: boolean; axe: boolean }[] = [
  { width: 360, height: 780, sideways: true, axe: false },
  { width: 390, height: 844, sideways: true, axe: true },
  { width: 1440, height: 900, sideways: false, axe: true },
];
for (const { width, height, sideways, axe } of passes) {
  const checks = [
    ...(sideways ? ["no console page scrolls sideways"] : []),
    ...(axe ? ["every console page passes axe, light and dark"] : []),
  ];
  test(`at ${width} px ${checks.join("; ")}`, async ({ page }) => {
    // Long: 17 pages, axe twice on each; on a busy machine it has taken 6 minutes.
    test.setTimeout(axe ? 900_000 : 300_000);
    await page.setViewportSize({ width, height });
    const failures: string[] = [];
    for (const [name, path] of pages()) {
      await test.step(name, async () => {
        await page.emulateMedia({ colorScheme: "light" });
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        if (sideways) {
          const failure = await sidewaysScroll(page, name);
          if (failure) failures.push(failure);
        }
        if (axe) {
          await expectNoSeriousA11yViolations(page);
          await page.emulateMedia({ colorScheme: "dark" });
          await expect(page.locator("body")).toHaveCSS("color-scheme", "dark");
          await expectNoSeriousA11yViolations(page, { rules: COLOUR_RULES });
        }
      });
    }
    expect(failures).toEqual([]);
  });
}

test("at 390 px the Menu button opens the drawer, and a link navigates and closes it", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/webhooks");
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  // The sidebar's nav is not shown beside the content at this width.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const drawer = page.locator(`#${await menu.getAttribute("aria-controls")}`);
  await expect(drawer).toBeVisible();
  // Focus moves into the drawer.
  await expect(drawer.locator(":focus")).toHaveCount(1);
  // Every link fits, Settings included, with the account controls.
  await expect(drawer.getByRole("link", { name: "Settings" })).toBeInViewport();
  await expect(drawer.getByRole("link", { name: E2E.users.admin.email })).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  await menu.click();
  await expect(drawer).toBeVisible();
  // A click beside the drawer closes it.
  await page.mouse.click(380, 600);
  await expect(drawer).toBeHidden();

  await menu.click();
  await drawer.getByRole("link", { name: "Messages" }).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByRole("heading", { name: "Messages", level: 1 })).toBeVisible();
  await expect(drawer).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("at 1440 px the sidebar runs the full height of a long page", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/api-reference");
  const sidebar = page.locator("aside");
  await expect(sidebar).toBeVisible();
  await expect(sidebar).not.toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(pageHeight, "the API reference is a long page").toBeGreaterThan(1800);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  // At the bottom of the page the sidebar still fills the window from top to bottom.
  const box = await sidebar.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeLessThanOrEqual(0.5);
  expect(box!.y + box!.height).toBeGreaterThanOrEqual(899.5);
});
