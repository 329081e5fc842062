import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { GetStarted } from "./get-started";

// The e2e database is shared by parallel tests, so it never has zero webhooks: the Overview's
// empty state is checked here, as markup.
const render = (canManage: boolean, webhooks = 0) =>
  renderToStaticMarkup(createElement(GetStarted, { webhooks, canManage }));

describe("GetStarted", () => {
  it("offers an editor the first webhook and a test event", () => {
    const html = render(true);
    expect(html).toContain("Get started");
    expect(html).toMatch(/<a[^>]*href="\/webhooks\/new"[^>]*>.*Create your first webhook<\/a>/);
    expect(html).toMatch(/<a[^>]*href="\/event-types"[^>]*>.*Send a test event<\/a>/);
  });

  it("tells a viewer that an editor can create one, without links they cannot use", () => {
    const html = render(false);
    expect(html).toContain("Get started");
    expect(html).toContain("An editor or admin can create the first webhook");
    expect(html).not.toContain("/webhooks/new");
    expect(html).not.toContain("Send a test event");
  });

  it("is gone once a webhook exists", () => {
    expect(render(true, 1)).toBe("");
    expect(render(false, 3)).toBe("");
  });
});
