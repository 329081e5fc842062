import { describe, expect, it } from "vitest";
import { E2E } from "@/e2e/e2e-settings";
import { baseUrl, call, keysByRole, startReceiver, unique } from "@/test/api/client";
import { waitFor } from "@/test/wait-for";

const scrape = (authorization?: string) =>
  fetch(`${baseUrl()}/metrics`, {
    headers: authorization ? { authorization: `Bearer ${authorization}` } : {},
  });

const valueOf = (text: string, series: string) =>
  Number(
    text
      .split("\n")
      .find((line) => line.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? NaN,
  );

describe("GET /metrics", () => {
  it("is closed without the metrics token or an admin key", async () => {
    const keys = await keysByRole();
    const anonymous = await scrape();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("hookyard_");
    expect((await scrape("not-the-token")).status).toBe(401);
    expect((await scrape(keys.viewer)).status).toBe(403);
    expect((await scrape(keys.editor)).status).toBe(403);
    const admin = await scrape(keys.admin);
    expect(admin.status).toBe(200);
    expect(admin.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  });

  it("counts a delivery, the event published and the API request that published it", async () => {
    const keys = await keysByRole();
    const token = E2E.secrets.HOOKYARD_METRICS_TOKEN;
    const before = await (await scrape(token)).text();
    const receiver = await startReceiver();
    const product = unique("PRD-metrics").replace(" ", "-");
    const created = await call(keys.editor, "POST", "/webhooks", {
      body: {
        name: unique("Metrics hook"),
        url: `${receiver.url}/hook`,
        eventTypes: ["application.created"],
        product,
      },
    });
    expect(created.status).toBe(201);
    const published = await call(keys.editor, "POST", "/events", {
      body: { type: "application.created", product, payload: { application: { id: 1 } } },
    });
    expect(published.status).toBe(202);
    await waitFor(async () => receiver.requests.length === 1);
    const series = 'hookyard_deliveries_total{outcome="success"}';
    const after = await waitFor(async () => {
      const text = await (await scrape(token)).text();
      return valueOf(text, series) > valueOf(before, series) && text;
    });
    expect(valueOf(after, 'hookyard_events_published_total{source="api"}')).toBeGreaterThan(
      valueOf(before, 'hookyard_events_published_total{source="api"}') || 0,
    );
    expect(
      valueOf(after, 'hookyard_api_requests_total{operation="publishEvent",status="202"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, "hookyard_attempt_duration_seconds_count")).toBeGreaterThan(0);
    expect(after).toMatch(/^hookyard_executor_runs_ready \d+$/m);
  });
});
