import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/actions/result";
import {
  createWebhookSchema,
  updateCustomDataSchema,
  updateGeneralSchema,
  updateHttpSchema,
  type CreateWebhookInput,
} from "./schemas";

const valid: CreateWebhookInput = {
  name: "  Billing sync ",
  description: "",
  enabled: true,
  eventTypes: ["application.created", "account.*"],
  product: "",
  url: "https://hooks.example.com/in",
  method: "POST",
  format: "json",
  signing: "standard",
  headers: '{"X-Tenant": "acme"}',
  connectTimeoutSeconds: 3,
  responseTimeoutSeconds: 10,
  retryPolicy: "exponential",
  retrySchedule: "",
  retryOn: "non_2xx",
  customData: '{"region": "eu"}',
};

function errorsOf(input: unknown) {
  const result = createWebhookSchema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

describe("createWebhookSchema", () => {
  it("trims text, parses JSON text fields, and turns an empty product into null", () => {
    const out = createWebhookSchema.parse(valid);
    expect(out.name).toBe("Billing sync");
    expect(out.headers).toEqual([{ name: "X-Tenant", value: "acme", secret: false }]);
    expect(out.customData).toEqual({ region: "eu" });
    expect(out.product).toBeNull();
    expect(out.retrySchedule).toBeNull();
  });

  it("accepts structured headers and custom data, as the REST API sends them", () => {
    const out = createWebhookSchema.parse({
      ...valid,
      headers: { "X-A": "1" },
      customData: { a: 1 },
    });
    expect(out.headers).toEqual([{ name: "X-A", value: "1", secret: false }]);
    expect(out.customData).toEqual({ a: 1 });
  });

  it.each([
    ["name", { name: "   " }, "Name is required"],
    ["name", { name: "x".repeat(101) }, "at most 100"],
    ["url", { url: "not a url" }, "http:// or https://"],
    ["url", { url: "ftp://example.com/x" }, "http:// or https://"],
    ["url", { url: `https://example.com/${"a".repeat(2050)}` }, "at most 2048"],
    ["eventTypes", { eventTypes: [] }, "at least one"],
    ["eventTypes", { eventTypes: ["Application Created"] }, "look like"],
    ["eventTypes", { eventTypes: ["ping", "ping"] }, "twice"],
    ["method", { method: "DELETE" }, "POST, PUT or GET"],
    ["headers", { headers: "{not json" }, "not valid JSON"],
    ["headers", { headers: "[1,2]" }, "needs a name"],
    ["headers", { headers: [{ name: "X A", value: "1" }] }, "not a valid header name"],
    ["headers", { headers: '{"Content-Type": "text/plain"}' }, "cannot be overridden"],
    ["headers", { headers: '{"X-A": "line\\nbreak"}' }, "one line"],
    ["headers", { headers: '{"X-A": 5}' }, "must be a string"],
    ["customData", { customData: "{oops" }, "not valid JSON"],
    ["customData", { customData: "[1]" }, "JSON object"],
    ["customData", { customData: JSON.stringify({ big: "x".repeat(17_000) }) }, "at most 16 KiB"],
    ["connectTimeoutSeconds", { connectTimeoutSeconds: 0 }, "at least 1"],
    ["responseTimeoutSeconds", { responseTimeoutSeconds: "10" }, "number of seconds"],
    ["retrySchedule", { retryPolicy: "custom", retrySchedule: "" }, "needs its schedule"],
    ["retrySchedule", { retryPolicy: "custom", retrySchedule: "60, soon" }, '"soon"'],
  ])("names the field %s (case %#)", (field, patch, message) => {
    const errors = errorsOf({ ...valid, ...patch });
    expect(errors[field]).toContain(message);
  });

  it("refuses a custom Authorization header when JWT signing sends its own", () => {
    const errors = errorsOf({ ...valid, signing: "jwt", headers: '{"Authorization": "Bearer x"}' });
    expect(errors.headers).toContain("JWT signing");
  });

  it("refuses keys the form does not have, such as a tampered hidden field", () => {
    const errors = errorsOf({ ...valid, createdBy: "00000000-0000-0000-0000-000000000000" });
    expect(Object.keys(errors)).toEqual(["form"]);
  });
});

describe("update schemas", () => {
  it("require a well-formed webhook id", () => {
    const general = {
      name: "a",
      description: "",
      enabled: true,
      eventTypes: ["ping"],
      product: null,
    };
    expect(updateGeneralSchema.safeParse({ ...general, id: "WH-123-456-789" }).success).toBe(true);
    const bad = updateGeneralSchema.safeParse({ ...general, id: "1; drop table webhooks" });
    expect(bad.success ? {} : fieldErrorsOf(bad.error)).toHaveProperty("id");
    expect(
      updateCustomDataSchema.parse({ id: "WH-123-456-789", customData: "" }).customData,
    ).toBeNull();
  });

  it("parse a custom retry schedule typed with commas and spaces", () => {
    const {
      name: _n,
      description: _d,
      enabled: _e,
      eventTypes: _t,
      product: _p,
      customData: _c,
      ...http
    } = valid;
    const out = updateHttpSchema.parse({
      ...http,
      id: "WH-123-456-789",
      retryPolicy: "custom",
      retrySchedule: "30, 60 600",
    });
    expect(out.retrySchedule).toEqual([30, 60, 600]);
  });
});
