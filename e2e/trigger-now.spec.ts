import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { createWebhookInWizard as createWebhook, expect, sql, test, uniqueName } from "./fixtures";

/** A real receiver on 127.0.0.1 for the console to deliver to. */
let receiver: Server;
let base: string;
const received: { path: string; headers: IncomingMessage["headers"]; body: string }[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(req.url!.startsWith("/broken") ? 500 : 200).end("ok");
    });
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
test.afterAll(() => {
  receiver.closeAllConnections();
  receiver.close();
});

test("Trigger Now delivers a signed ping and shows the answer", async ({ page }) => {
  const path = `/hooks/${Date.now()}`;
  const id = await createWebhook(page, uniqueName("Pinged"), `${base}${path}`);
  await page.getByRole("button", { name: "Trigger Now" }).click();
  await expect(page.getByText("Ping delivered: HTTP 200")).toBeVisible({ timeout: 20_000 });

  const hit = received.find((r) => r.path === path)!;
  expect(hit).toBeDefined();
  await page.getByRole("link", { name: "HTTP settings", exact: true }).click();
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const secret = await page.getByTestId("webhook-secret").innerText();
  const body = new StandardWebhook(secret).verify(hit.body, {
    "webhook-id": hit.headers["webhook-id"] as string,
    "webhook-timestamp": hit.headers["webhook-timestamp"] as string,
    "webhook-signature": hit.headers["webhook-signature"] as string,
  }) as { payload: { type: string; epoch_timestamp: number }; md5: string };
  expect(body.payload.type).toBe("ping");
  expect(body.md5).toMatch(/^[0-9a-f]{32}$/);
  const [message] = await sql("select kind, status from messages where webhook_id = $1", [id]);
  expect(message).toEqual({ kind: "test", status: "success" });
});

test("Trigger Now reports a failing endpoint", async ({ page }) => {
  await createWebhook(page, uniqueName("Broken"), `${base}/broken/${Date.now()}`);
  await page.getByRole("button", { name: "Trigger Now" }).click();
  await expect(page.getByText("Ping failed: HTTP 500")).toBeVisible({ timeout: 20_000 });
});

test("the ping's answer links to its attempt, which copies as curl, to the second", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const path = `/curl/${Date.now()}`;
  const id = await createWebhook(page, uniqueName("Curled"), `${base}${path}`);
  await page.getByRole("button", { name: "Trigger Now" }).click();
  const answer = page.getByRole("status").filter({ hasText: "Ping delivered" });
  await expect(answer).toContainText(/Ping delivered: HTTP 200 in [\d,]+ ms\./, {
    timeout: 20_000,
  });
  await answer.getByRole("link", { name: "View the attempt" }).click();
  await expect(page).toHaveURL(new RegExp(`/webhooks/${id}/logs/msg_`));
  const messageId = page.url().split("/").pop()!;

  const attempt = page.getByTestId("attempt").first();
  // To the second, with how long ago on hover.
  const time = attempt.locator("time");
  await expect(time).toHaveText(/\d{2}:\d{2}:\d{2} UTC$/);
  await expect(time).toHaveAttribute("title", /ago|now/);

  await attempt.getByRole("button", { name: "Copy as curl" }).click();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toMatch(new RegExp(`^curl -X POST '${base}${path}' -H `));
  expect(curl).toContain(`-H 'webhook-id: ${messageId}'`);
  expect(curl).toContain('--data-raw \'{"payload":');

  await page.getByRole("button", { name: "Copy message id" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(messageId);
  await page.getByRole("button", { name: "Copy webhook id" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);
});
