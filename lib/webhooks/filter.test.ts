import { describe, expect, it } from "vitest";
import { checkFilter, explainFilter, filterMatches, type FilterEvent } from "./filter";

const invoice: FilterEvent = {
  type: "invoice.paid",
  product: "PRD-1",
  data: { amount: 1500, currency: "EUR", lines: [{ sku: "A-1", qty: 2 }], rate: 0.2 },
  customData: { region: "eu" },
};

describe("payload filters", () => {
  it("match on the type, product, payload and custom data", () => {
    for (const filter of [
      'event.data.amount > 1000 && event.product == "PRD-1"',
      'event.type.startsWith("invoice.")',
      "event.data.amount + 1 == 1501",
      "event.data.rate < 0.5",
      'event.data.lines.exists(l, l.sku == "A-1" && l.qty >= 2)',
      'event.custom_data.region == "eu"',
      'event.data.currency.matches("^E[A-Z]{2}$")',
      "has(event.data.amount) && !has(event.data.refunded)",
      'event.data.?coupon.orValue("none") == "none"',
    ]) {
      expect(filterMatches(filter, invoice), filter).toEqual({ match: true });
    }
    expect(filterMatches("event.data.amount > 2000", invoice)).toEqual({
      match: false,
      error: null,
    });
    expect(filterMatches('event.product == "PRD-2"', { ...invoice, product: null })).toEqual({
      match: false,
      error: null,
    });
  });

  it("a filter that fails on an event is no match, and says why", () => {
    const outcome = filterMatches("event.data.customer.tier == 'gold'", invoice);
    expect(outcome).toEqual({ match: false, error: "No such key: customer" });
    expect(filterMatches('event.data.amount == "1500"', invoice)).toMatchObject({
      match: false,
    });
  });

  it("names syntax and type errors, with the column", () => {
    expect(checkFilter("event.data.amount > 1000 &&")).toEqual({
      ok: false,
      error: "Unexpected token: EOF (at column 28)",
    });
    expect(checkFilter("payload.amount > 1")).toMatchObject({
      ok: false,
      error: expect.stringContaining("Unknown variable: payload"),
    });
    // A field alone may be true or false: only the event can tell.
    expect(checkFilter("event.data.paid")).toMatchObject({ ok: true });
    expect(checkFilter("1 + 2")).toEqual({
      ok: false,
      error: "A filter must be true or false; this one gives int",
    });
    expect(checkFilter("   ")).toEqual({ ok: false, error: "The filter is empty" });
    expect(checkFilter(`event.type == "${"x".repeat(2000)}"`)).toEqual({
      ok: false,
      error: "A filter is at most 2000 characters",
    });
  });

  it("refuses what could take more than linear time on a large payload", () => {
    expect(checkFilter("event.data.lines.all(a, event.data.lines.exists(b, a == b))")).toEqual({
      ok: false,
      error: "exists() inside another list macro is not allowed",
    });
    expect(checkFilter('event.data.currency.matches("(a+)+$")')).toMatchObject({
      ok: false,
      error: expect.stringContaining("exponential time"),
    });
    expect(checkFilter('event.data.currency.matches("(a|aa)*b")')).toMatchObject({
      ok: false,
    });
    expect(checkFilter("event.data.currency.matches(event.data.pattern)")).toEqual({
      ok: false,
      error: "matches() takes its pattern as a quoted string",
    });
    expect(checkFilter(`${"(".repeat(40)}true${")".repeat(40)}`)).toMatchObject({ ok: false });
  });

  it("explains which condition failed", () => {
    expect(explainFilter('event.product == "PRD-1" && event.data.amount > 2000', invoice)).toEqual({
      outcome: { match: false, error: null },
      reason: "event.data.amount > 2000 is false.",
    });
    expect(explainFilter("event.data.amount > 1000", invoice).reason).toBe(
      "Every condition holds.",
    );
    expect(explainFilter("event.data.nope > 1 && true", invoice).reason).toBe(
      "No such key: nope: a filter that fails counts as no match.",
    );
  });
});
