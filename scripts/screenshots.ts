/**
 * `npm run screenshots`: the README's pictures, made again from the console as it is now.
 * Starts `npm start` in a throw-away data directory on free ports, fills it through the REST
 * API (webhooks to a receiver on 127.0.0.1 that answers well, badly or 410 Gone, events
 * published to them), signs in as the admin in Chromium and captures each page, light and
 * dark, and one at phone width, into public/screenshots/.
 *
 *   npm run screenshots
 */
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { LauncherHarness } from "@/test/launcher-harness";
import { waitFor } from "@/test/wait-for";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "public", "screenshots");
const log = (line: string) => console.log(`[screenshots] ${line}`);

/** Answers by path: /ok after a short while, /flaky mostly 500, /gone 410. */
async function startReceiver() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const status = req.url?.startsWith("/gone")
        ? 410
        : req.url?.startsWith("/flaky") && Math.random() < 0.7
          ? 500
          : 200;
      setTimeout(
        () => res.writeHead(status).end(status === 200 ? "ok" : "no"),
        30 + Math.random() * 220,
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function main() {
  const receiver = await startReceiver();
  const harness = new LauncherHarness({ name: "screenshots", receiverDelayMs: 0 });
  log("Starting a console of its own (npm start, a fresh data directory)…");
  await harness.setUp();
  const post = async (p: string, body: unknown) => {
    const answer = await harness.api(p, body);
    if (!answer.ok) throw new Error(`POST ${p} answered ${answer.status}: ${await answer.text()}`);
    return (await answer.json()) as { id: string };
  };
  try {
    log("Filling it through the REST API…");
    const hooks = [
      {
        name: "Order fulfilment",
        path: "/ok/orders",
        product: "PRD-100",
        types: ["application.*"],
      },
      { name: "Billing sync", path: "/ok/billing", product: "PRD-200", types: ["application.*"] },
      { name: "CRM contacts", path: "/flaky/crm", product: "PRD-100", types: ["application.*"] },
      {
        name: "Legacy partner",
        path: "/gone/legacy",
        product: null,
        types: ["application.created"],
      },
      { name: "Analytics export", path: "/ok/analytics", product: null, types: ["application.*"] },
    ];
    const ids: Record<string, string> = {};
    for (const hook of hooks) {
      ids[hook.name] = (
        await post("/webhooks", {
          name: hook.name,
          url: `${receiver.url}${hook.path}`,
          eventTypes: hook.types,
          product: hook.product,
          description: `Sends ${hook.types.join(", ")} to ${hook.name.toLowerCase()}.`,
        })
      ).id;
    }
    for (let n = 0; n < 40; n++) {
      await post("/events", {
        type: n % 3 ? "application.updated" : "application.created",
        product: n % 2 ? "PRD-100" : "PRD-200",
        payload: {
          application: { id: 1000 + n, name: `Application ${1000 + n}`, status: "active" },
        },
      });
    }
    await waitFor(
      async () => {
        const { rows } = await harness.pool.query<{ waiting: number }>(
          // A disabled webhook's messages wait for it to be enabled again.
          `select count(*)::int as waiting from messages m join webhooks w on w.id = m.webhook_id
           where m.status = 'created' and w.enabled`,
        );
        return rows[0]!.waiting === 0;
      },
      180_000,
      "every message's first attempt",
    );
    const orders = ids["Order fulfilment"]!;
    const crm = ids["CRM contacts"]!;
    const {
      rows: [failed],
    } = await harness.pool.query<{ id: string }>(
      "select id from messages where webhook_id = $1 and last_response_status = 500 order by created_at desc limit 1",
      [crm],
    );

    const browser = await harness.launchBrowser(log);
    await mkdir(out, { recursive: true });
    const base = `http://127.0.0.1:${harness.ports.app}`;
    const shoot = async (
      scheme: "light" | "dark",
      viewport: { width: number; height: number },
      /** The file name, the page, and whether to capture the whole page, not just the window. */
      shots: (readonly [file: string, url: string, whole?: boolean])[],
    ) => {
      const context = await browser.newContext({
        baseURL: base,
        viewport,
        colorScheme: scheme,
        reducedMotion: "reduce",
      });
      const page = await context.newPage();
      await harness.signIn(page);
      for (const [file, url, whole] of shots) {
        await page.goto(url);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        await page.waitForLoadState("networkidle");
        if (whole) {
          // A window as tall as the page, rather than Chromium's full-page capture, which
          // leaves the sticky sidebar one window high.
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          await page.setViewportSize({ width: viewport.width, height });
        }
        await page.screenshot({ path: path.join(out, `${file}.png`) });
        await page.setViewportSize(viewport);
        log(`public/screenshots/${file}.png`);
      }
      await context.close();
    };
    const desktop = { width: 1440, height: 900 };
    await shoot("light", desktop, [
      ["overview", "/"],
      ["webhooks-list", "/webhooks"],
      ["webhook-wizard", "/webhooks/new"],
      ["webhook-details", `/webhooks/${orders}`, true],
      ["webhook-logs", `/webhooks/${crm}/logs`],
      ...(failed ? [["message-detail", `/webhooks/${crm}/logs/${failed.id}`, true] as const] : []),
      ["webhook-statistics", `/webhooks/${orders}/statistics`, true],
      ["event-types", "/event-types"],
      ["alerts", "/alerts"],
    ]);
    await shoot("dark", desktop, [
      ["webhooks-list-dark", "/webhooks"],
      ["webhook-statistics-dark", `/webhooks/${crm}/statistics`, true],
    ]);
    await shoot("light", { width: 390, height: 844 }, [["webhooks-list-phone", "/webhooks"]]);
    await browser.close();
  } finally {
    await harness.tearDown();
    receiver.server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
