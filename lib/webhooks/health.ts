/** What a webhook's health badge says: its last outcome, or why Hookyard turned it off. */
export type WebhookHealth =
  | { kind: "disabled"; reason: string }
  | { kind: "failing"; since: Date; failures: number | null }
  | { kind: "healthy"; at: Date }
  | { kind: "never" };

export interface WebhookHealthFields {
  enabled: boolean;
  disabledReason: string | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  failingSince: Date | null;
  failuresSinceSuccess: number | null;
}

/**
 * A webhook's health from the fields each attempt keeps: turned off by Hookyard (a 410, 5 days
 * of failures, a failed Test) says why; otherwise the last outcome. A webhook turned off by a
 * person keeps its last outcome: the Status column already says it is off.
 */
export function webhookHealth(w: WebhookHealthFields): WebhookHealth {
  if (!w.enabled && w.disabledReason) return { kind: "disabled", reason: w.disabledReason };
  const failedLast = w.lastFailureAt && (!w.lastSuccessAt || w.lastFailureAt >= w.lastSuccessAt);
  if (w.failingSince || failedLast) {
    return {
      kind: "failing",
      since: w.failingSince ?? w.lastFailureAt!,
      // The counter lives in the statistics; none there means none counted yet.
      failures: w.failuresSinceSuccess || null,
    };
  }
  if (w.lastSuccessAt) return { kind: "healthy", at: w.lastSuccessAt };
  return { kind: "never" };
}
