import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { e2eBaseUrl } from "./e2e-settings";
import { expect, randomWebhookId, sql, test, uniqueName } from "./fixtures";

/**
 * A viewer who crafts server-action requests by hand (the console never shows them the
 * buttons) must be refused by the action itself, with the database untouched.
 */
test.use({ role: "viewer" });

interface ManifestEntry {
  filename: string;
  exportedName: string;
  workers: Record<string, unknown>;
}

function findAction(exportedName: string) {
  const distDir = path.join(import.meta.dirname, "..", process.env.HOOKYARD_DIST_DIR || ".next");
  const manifest = JSON.parse(
    readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, ManifestEntry>;
  };
  const found = Object.entries(manifest.node).find(
    ([, entry]) =>
      entry.filename === "lib/webhooks/actions.ts" && entry.exportedName === exportedName,
  );
  if (!found) throw new Error(`${exportedName} is not in the build's server-action manifest`);
  const [id, entry] = found;
  return { id, workers: Object.keys(entry.workers) };
}

/** The URL of a page that can run the action: `app/(console)/webhooks/[id]/page` → `/webhooks/WH-…`. */
function pagePath(worker: string, webhookId: string): string {
  return (
    worker
      .replace(/^app/, "")
      .replace(/\/\([^)]+\)/g, "")
      .replace(/\/page$/, "")
      .replace("[id]", webhookId) || "/"
  );
}

async function callAction(
  request: APIRequestContext,
  name: string,
  arg: unknown,
  webhookId: string,
) {
  const { id, workers } = findAction(name);
  const target =
    workers.map((w) => pagePath(w, webhookId)).find((p) => p.startsWith("/webhooks")) ??
    "/webhooks";
  const response = await request.post(target, {
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: e2eBaseUrl,
    },
    data: JSON.stringify([arg]),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

test("forged server-action calls from a viewer change nothing", async ({ page }) => {
  const id = `WH-${String(Date.now())
    .slice(-9)
    .replace(/(\d{3})(\d{3})(\d{3})/, "$1-$2-$3")}`;
  const name = uniqueName("Forgery target");
  await sql(
    "insert into webhooks (id, name, url, event_types, secret_encrypted) values ($1, $2, 'https://example.com/h', '{ping}', 'v1.x.y.z')",
    [id, name],
  );
  await page.goto("/webhooks");

  const disable = await callAction(
    page.request,
    "setWebhookEnabledAction",
    { id, enabled: false },
    id,
  );
  expect(disable.status).toBeLessThan(500);
  expect(disable.body).toContain("forbidden");

  const reveal = await callAction(page.request, "revealWebhookSecretAction", { id }, id);
  expect(reveal.body).toContain("forbidden");
  expect(reveal.body).not.toContain("whsec_");

  await callAction(page.request, "deleteWebhookAction", { id }, id);
  await callAction(
    page.request,
    "updateWebhookGeneralAction",
    {
      id,
      name: "Taken over",
      description: "",
      enabled: false,
      eventTypes: ["ping"],
      product: null,
    },
    id,
  );

  const [row] = await sql<{ name: string; enabled: boolean }>(
    "select name, enabled from webhooks where id = $1",
    [id],
  );
  expect(row).toEqual({ name, enabled: true });
  const audit = await sql("select 1 from audit_log where entity_id = $1", [id]);
  expect(audit).toHaveLength(0);
});

test.describe("as an editor", () => {
  test.use({ role: "editor" });

  test("a tampered hidden field or an unknown id is refused at the field, changing nothing", async ({
    page,
  }) => {
    const id = randomWebhookId();
    const name = uniqueName("Tamper target");
    await sql(
      "insert into webhooks (id, name, url, event_types, secret_encrypted) values ($1, $2, 'https://example.com/h', '{ping}', 'v1.x.y.z')",
      [id, name],
    );
    await page.goto("/webhooks");

    const tampered = await callAction(
      page.request,
      "setWebhookEnabledAction",
      { id, enabled: false, createdBy: "someone-else" },
      id,
    );
    expect(tampered.status).toBeLessThan(500);
    expect(tampered.body).toContain("invalid");
    expect(tampered.body).toContain("createdBy");

    const unknown = await callAction(
      page.request,
      "setWebhookEnabledAction",
      { id: "WH-000-000-001", enabled: false },
      id,
    );
    expect(unknown.status).toBeLessThan(500);
    expect(unknown.body).toContain("not_found");

    const badId = await callAction(
      page.request,
      "deleteWebhookAction",
      { id: "'; drop table webhooks; --" },
      id,
    );
    expect(badId.body).toContain("Not a webhook id");

    expect(await sql("select enabled from webhooks where id = $1", [id])).toEqual([
      { enabled: true },
    ]);
  });
});
