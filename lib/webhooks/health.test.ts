import { describe, expect, it } from "vitest";
import { webhookHealth, type WebhookHealthFields } from "./health";

const at = (iso: string) => new Date(iso);
const base: WebhookHealthFields = {
  enabled: true,
  disabledReason: null,
  lastSuccessAt: null,
  lastFailureAt: null,
  failingSince: null,
  failuresSinceSuccess: null,
};

describe("webhookHealth", () => {
  it("has no deliveries before the first attempt", () => {
    expect(webhookHealth(base)).toEqual({ kind: "never" });
  });

  it("is healthy when the last attempt succeeded", () => {
    const w = {
      ...base,
      lastSuccessAt: at("2026-12-02T10:00:00Z"),
      lastFailureAt: at("2026-12-01T10:00:00Z"),
    };
    expect(webhookHealth(w)).toEqual({ kind: "healthy", at: at("2026-12-02T10:00:00Z") });
  });

  it("is failing since the streak began, with the failures counted since the last success", () => {
    const w = {
      ...base,
      lastSuccessAt: at("2026-12-01T10:00:00Z"),
      lastFailureAt: at("2026-12-02T12:00:00Z"),
      failingSince: at("2026-12-02T10:00:00Z"),
      failuresSinceSuccess: 3,
    };
    expect(webhookHealth(w)).toEqual({
      kind: "failing",
      since: at("2026-12-02T10:00:00Z"),
      failures: 3,
    });
    // A last failure without a streak (rows from before failing_since) counts as failing too.
    expect(webhookHealth({ ...w, failingSince: null, failuresSinceSuccess: null })).toEqual({
      kind: "failing",
      since: at("2026-12-02T12:00:00Z"),
      failures: null,
    });
  });

  it("says why Hookyard turned it off, before anything else", () => {
    const w = {
      ...base,
      enabled: false,
      disabledReason: "The endpoint answered 410 Gone",
      failingSince: at("2026-12-02T10:00:00Z"),
    };
    expect(webhookHealth(w)).toEqual({
      kind: "disabled",
      reason: "The endpoint answered 410 Gone",
    });
  });

  it("keeps the last outcome of a webhook a person turned off", () => {
    const w = { ...base, enabled: false, lastSuccessAt: at("2026-12-02T10:00:00Z") };
    expect(webhookHealth(w).kind).toBe("healthy");
  });
});
