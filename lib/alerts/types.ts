/**
 * The operational alerts: what each one says, and the payload of its event. They are event
 * types of the catalog (`hookyard.*`, shipped with examples), so the webhooks subscribed to
 * them — the operational webhooks of Settings — receive them signed and retried like any
 * event; only Hookyard publishes them.
 */

export const ALERT_FAMILY = "hookyard.*";
/** Event types under this prefix are Hookyard's own: the events API refuses to publish them. */
export const ALERT_PREFIX = "hookyard.";

export const isAlertType = (type: string) => type.startsWith(ALERT_PREFIX);

/** The webhook an alert is about, as anyone who may see the webhook sees it (URL masked). */
export interface AlertWebhook {
  id: string;
  name: string;
  url: string;
}

export interface WebhookDisabledData {
  webhook: AlertWebhook;
  reason: string;
  disabledAt: string;
}

export interface MessageFailedData {
  webhook: AlertWebhook;
  message: {
    id: string;
    eventId: string | null;
    eventType: string;
    attempts: number;
    lastResponseStatus: number | null;
    lastError: string | null;
    createdAt: string;
    finishedAt: string;
  };
}

export interface WebhookFailingData {
  webhook: AlertWebhook;
  failingSince: string;
  lastFailureAt: string | null;
}

export type JobName = "sweeper" | "retention";

export interface JobFailedData {
  job: JobName;
  /** What went wrong: the error, or how long the job has not run. */
  error: string;
  lastRunAt: string | null;
}

export interface AlertDataByType {
  "hookyard.webhook_disabled": WebhookDisabledData;
  "hookyard.message_failed": MessageFailedData;
  "hookyard.webhook_failing": WebhookFailingData;
  "hookyard.job_failed": JobFailedData;
}

export type AlertType = keyof AlertDataByType;

const webhook: AlertWebhook = {
  id: "WH-123-456-789",
  name: "Billing sync",
  url: "https://billing.example.com/hooks",
};

/** The catalog entries of the alert event types: description and example payload each. */
export const ALERT_EVENT_TYPES: {
  [T in AlertType]: { name: T; description: string; examplePayload: AlertDataByType[T] };
}[AlertType][] = [
  {
    name: "hookyard.webhook_disabled",
    description:
      "Hookyard disabled a webhook by itself: its endpoint answered 410 Gone, it failed for 5 days, or a Test ping failed with that option on. Enable it again from its page.",
    examplePayload: {
      webhook,
      reason: "The endpoint answered 410 Gone",
      disabledAt: "2026-11-21T10:00:00.000Z",
    },
  },
  {
    name: "hookyard.message_failed",
    description:
      "A message failed for good: its retries ran out, or its answer asked for none. Retry it from the Logs tab or the API. Messages of hookyard.* events never raise this (an alert about an alert could go round for ever); they still appear in the console's Alerts.",
    examplePayload: {
      webhook,
      message: {
        id: "msg_5qX0b8w2Qm6YtVwJk3ZrAg",
        eventId: "evt_Q2rS0c7WcTiD1Jq9m0bQ6w",
        eventType: "account.created",
        attempts: 8,
        lastResponseStatus: 503,
        lastError: "The endpoint answered 503",
        createdAt: "2026-11-11T09:00:00.000Z",
        finishedAt: "2026-11-21T09:00:00.000Z",
      },
    },
  },
  {
    name: "hookyard.webhook_failing",
    description:
      "A webhook has failed every attempt for an hour. Sent once per failure streak; after 5 days of it the webhook is disabled.",
    examplePayload: {
      webhook,
      failingSince: "2026-11-21T09:00:00.000Z",
      lastFailureAt: "2026-11-21T10:00:00.000Z",
    },
  },
  {
    name: "hookyard.job_failed",
    description:
      "A background job failed or stopped running: the sweeper (every minute; hands lost messages over again) or the retention job (every hour; removes old messages).",
    examplePayload: {
      job: "sweeper",
      error: "has not run since 2026-11-21T09:57:00.000Z",
      lastRunAt: "2026-11-21T09:57:00.000Z",
    },
  },
];

const JOB_LABELS: Record<JobName, string> = {
  sweeper: "The sweeper",
  retention: "The retention job",
};

/** One line saying what happened, for the Alerts list. */
export function alertTitle(type: string, data: Record<string, unknown>, count: number): string {
  switch (type) {
    case "hookyard.webhook_disabled": {
      const d = data as unknown as WebhookDisabledData;
      return `${d.webhook.name} was disabled: ${d.reason}`;
    }
    case "hookyard.message_failed": {
      const d = data as unknown as MessageFailedData;
      return count === 1
        ? `A message to ${d.webhook.name} failed for good`
        : `${count} messages to ${d.webhook.name} failed for good`;
    }
    case "hookyard.webhook_failing": {
      const d = data as unknown as WebhookFailingData;
      return `${d.webhook.name} has failed every attempt for over an hour`;
    }
    case "hookyard.job_failed": {
      const d = data as unknown as JobFailedData;
      return `${JOB_LABELS[d.job] ?? d.job} failed`;
    }
    default:
      return type;
  }
}

/** The detail under the title: the reason, the last error. */
export function alertDetail(type: string, data: Record<string, unknown>): string | null {
  switch (type) {
    case "hookyard.message_failed": {
      const d = data as unknown as MessageFailedData;
      return d.message.lastError ? `Last: ${d.message.lastError}` : null;
    }
    case "hookyard.webhook_failing": {
      const d = data as unknown as WebhookFailingData;
      return `Failing since ${d.failingSince}`;
    }
    case "hookyard.job_failed":
      return (data as unknown as JobFailedData).error;
    default:
      return null;
  }
}
