import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { Pool } from "pg";
import { E2E, e2eDatabaseUrl } from "./e2e-settings";

export type Role = "admin" | "editor" | "viewer";

export function storageStateFor(role: Role): string {
  return path.join(import.meta.dirname, ".auth", `${E2E.port}-${role}.json`);
}

let pool: Pool | undefined;
/** Direct SQL on the console's database, to arrange data and to check what was stored. */
export function sql<T extends Record<string, unknown> = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
) {
  pool ??= new Pool({ connectionString: e2eDatabaseUrl(), max: 2 });
  return pool.query<T>(text, params).then((r) => r.rows);
}

/** A name no other test uses, so tests can run in parallel on one database. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Fails on serious or critical axe-core violations, listing them. */
export async function expectNoSeriousA11yViolations(
  page: Page,
  { rules }: { /** Only these axe rules (all of them by default). */ rules?: string[] } = {},
) {
  // The page's metadata streams in with it; check the page once it has arrived.
  await expect(page).toHaveTitle(/\S/);
  // Let transitions settle first: axe reads text caught mid-fade as low contrast. (The
  // config asks for reduced motion, which stops sonner's toast fades; this covers the rest.)
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  // Checked again a few times until it holds: a page whose search parameters just changed
  // (the Overview's period) streams its metadata again, and axe once caught the moment its
  // <title> was gone. A real violation stays, and fails after the last try. Tries, not a
  // deadline: on a busy machine one axe run of a long page has taken over 15 s.
  const pauses = [500, 1_000, 2_000, 2_000];
  for (let tried = 0; ; tried++) {
    const builder = new AxeBuilder({ page });
    const results = await (rules ? builder.withRules(rules) : builder).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    if (!serious.length || tried === pauses.length) {
      expect(serious).toEqual([]);
      return;
    }
    await page.waitForTimeout(pauses[tried]!);
  }
}

/** `test` signed in as the role given by `test.use({ role })`, admin by default. */
export const test = base.extend<{ role: Role }>({
  role: ["admin", { option: true }],
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Playwright fixture, not a React hook
  storageState: async ({ role }, use) => use(storageStateFor(role)),
});

export { expect };

/** A random id in the console's `WH-123-456-789` shape. */
export function randomWebhookId(): string {
  const part = () => String(Math.floor(Math.random() * 1000)).padStart(3, "0");
  return `WH-${part()}-${part()}-${part()}`;
}

export interface WebhookSeed {
  name: string;
  url?: string;
  eventTypes?: string[];
  enabled?: boolean;
  createdAt?: Date;
  /** A product of their own keeps other tests' events away from seeded webhooks. */
  product?: string;
}

/** Inserts webhooks straight into the database (fast arrangement for list tests); returns ids. */
export async function insertWebhooks(seeds: WebhookSeed[]): Promise<string[]> {
  const ids = seeds.map(() => randomWebhookId());
  await sql(
    `insert into webhooks (id, name, url, event_types, enabled, created_at, updated_at, secret_encrypted, product)
     select id, name, url, string_to_array(events, ','), enabled, created_at, created_at, 'v1.x.y.z', product
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::text[])
       as t(id, name, url, events, enabled, created_at, product)`,
    [
      ids,
      seeds.map((s) => s.name),
      seeds.map((s) => s.url ?? "https://example.com/hooks"),
      seeds.map((s) => (s.eventTypes ?? ["ping"]).join(",")),
      seeds.map((s) => s.enabled ?? true),
      seeds.map((s) => (s.createdAt ?? new Date()).toISOString()),
      seeds.map((s) => s.product ?? null),
    ],
  );
  return ids;
}

/**
 * Creates a webhook through the wizard with the defaults (JSON, POST, Standard Webhooks
 * signing) and returns its id. `eventTypes` are the checkbox labels' leading names.
 */
export async function createWebhookInWizard(
  page: Page,
  name: string,
  url: string,
  options: {
    eventTypes?: string[];
    signing?: "JWT HS256 bearer token" | "None";
    /** A product only this test publishes for keeps other tests' events away. */
    product?: string;
  } = {},
) {
  await page.goto("/webhooks/new");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  if (options.product) await page.getByLabel("Product", { exact: true }).fill(options.product);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  for (const type of options.eventTypes ?? ["ping"]) {
    await page.getByRole("checkbox", { name: new RegExp(`^${type.replace(".", "\\.")}`) }).check();
  }
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByLabel("URL").fill(url);
  if (options.signing) await page.getByLabel("Signing").selectOption({ label: options.signing });
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/webhooks\/WH-\d{3}-\d{3}-\d{3}$/);
  return page.url().split("/").pop()!;
}

/** Creates an API key in Settings (as an admin) and returns it as shown once. */
export async function createApiKey(
  page: Page,
  name: string,
  role: "Admin" | "Editor" | "Viewer" = "Editor",
) {
  await page.goto("/settings");
  await page.getByLabel("New key name").fill(name);
  await page.getByLabel("Role", { exact: true }).last().selectOption({ label: role });
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-api-key").innerText();
  expect(key).toMatch(/^hk_[A-Za-z0-9_-]{43}$/);
  return key;
}

/** A product id no other test uses, to scope a webhook to one test's events. */
export const uniqueProduct = () =>
  `PRD-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/**
 * A real receiver on 127.0.0.1 for a spec file's webhooks, open while its tests run: it notes
 * every path it is sent and answers what `answers` says for it (200 unless set; "hang" never
 * answers).
 */
export function receiverForFile() {
  const receiver = {
    base: "",
    hits: [] as string[],
    answers: new Map<string, number | "hang">(),
  };
  let server: Server;
  base.beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        receiver.hits.push(req.url!);
        const answer = receiver.answers.get(req.url!) ?? 200;
        if (answer !== "hang") res.writeHead(answer).end("ok");
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    receiver.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  base.afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  return receiver;
}
