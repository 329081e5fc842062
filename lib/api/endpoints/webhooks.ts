import { z } from "zod";
import { triggerWebhook, wakeWaitingMessages } from "@/lib/messages/operations";
import { DomainError, notFound } from "@/lib/errors";
import {
  getFilterCounts,
  getStatSeries,
  getWebhookCounters,
  STAT_RANGES,
} from "@/lib/stats/queries";
import { NEW_WEBHOOK_VALUES, toFormValues } from "@/lib/webhooks/form-values";
import {
  createWebhook,
  regenerateWebhookSecret,
  removeWebhook,
  revealWebhookSecret,
  setWebhookEnabled,
  updateWebhook,
} from "@/lib/webhooks/mutations";
import { getWebhook, queryWebhooks } from "@/lib/webhooks/queries";
import {
  createWebhookSchema,
  replaceWebhookSchema,
  secretGraceField,
  webhookIdSchema,
} from "@/lib/webhooks/schemas";
import { WEBHOOK_SORTS, WEBHOOK_STATUSES } from "@/lib/webhooks/search-params";
import { defineEndpoint } from "../endpoint";
import { invalid } from "../errors";
import {
  rotatedSecretSchema,
  secretSchema,
  statisticsSchema,
  webhookOf,
  webhookPageSchema,
  webhookSchema,
  webhookSummaryOf,
} from "../resources";
import { booleanQuery, decodeOffsetCursor, encodeOffsetCursor, limitQuery } from "./query";

const TAG = "Webhooks";
export const webhookParams = z.strictObject({ id: webhookIdSchema });

/** The webhook a path names; 404 when there is none. */
export async function requireWebhook(db: Parameters<typeof getWebhook>[0], id: string) {
  const webhook = await getWebhook(db, id);
  if (!webhook) throw notFound("Webhook");
  return webhook;
}

export const listWebhooksEndpoint = defineEndpoint({
  operationId: "listWebhooks",
  method: "GET",
  path: "/webhooks",
  tag: TAG,
  summary: "List webhooks",
  description:
    "Filter by text (name, URL, id, description), status, event type and product (`*` for the webhooks without one, which receive every product's events); sort by an allowed column; page with `cursor`.",
  role: "viewer",
  query: z.strictObject({
    q: z.string().max(200, "q must be at most 200 characters").default(""),
    status: z.enum(WEBHOOK_STATUSES, "status is all, enabled or disabled").default("all"),
    eventType: z.string().max(100, "eventType must be at most 100 characters").default(""),
    product: z.string().max(64, "product must be at most 64 characters").default(""),
    sort: z
      .enum(WEBHOOK_SORTS, `sort is one of ${WEBHOOK_SORTS.join(", ")}`)
      .default("createdAt.desc"),
    limit: limitQuery(20),
    cursor: z.string().max(200).optional(),
  }),
  response: { status: 200, description: "A page of webhooks", schema: webhookPageSchema },
  async handler({ query }, { db }) {
    const offset = query.cursor ? decodeOffsetCursor(query.cursor) : 0;
    const { rows, total } = await queryWebhooks(db, query, query.sort, query.limit, offset);
    const next = offset + rows.length;
    return {
      data: rows.map(webhookSummaryOf),
      total,
      nextCursor: next < total && rows.length ? encodeOffsetCursor(next) : null,
    };
  },
});

export const getWebhookEndpoint = defineEndpoint({
  operationId: "getWebhook",
  method: "GET",
  path: "/webhooks/{id}",
  tag: TAG,
  summary: "Get a webhook",
  description: "Never the secret; credential-like custom headers are masked for viewer keys.",
  role: "viewer",
  params: webhookParams,
  response: { status: 200, description: "The webhook", schema: webhookSchema },
  errors: [404],
  async handler({ params }, { db }) {
    return webhookOf(await requireWebhook(db, params.id));
  },
});

export const createWebhookEndpoint = defineEndpoint({
  operationId: "createWebhook",
  method: "POST",
  path: "/webhooks",
  tag: TAG,
  summary: "Create a webhook",
  description:
    "The creation wizard's fields; omitted ones take the wizard's defaults (POST, JSON, Standard Webhooks signing, 3 s / 10 s timeouts, exponential retries).",
  role: "editor",
  body: createWebhookSchema,
  bodyDefaults: { ...NEW_WEBHOOK_VALUES, product: null },
  response: { status: 201, description: "The new webhook", schema: webhookSchema },
  errors: [409],
  async handler({ body }, { db, principal }) {
    return webhookOf(await createWebhook(db, body, principal.actor));
  },
});

/** The patch's fields over the webhook's current values, checked by the creation schema. */
const patchSchema = z.record(z.string(), z.unknown(), { message: "The body is a JSON object" });

export const updateWebhookEndpoint = defineEndpoint({
  operationId: "updateWebhook",
  method: "PATCH",
  path: "/webhooks/{id}",
  tag: TAG,
  summary: "Update a webhook",
  description:
    "Any of the creation fields; the others keep their values. The result is checked as a whole, as the edit forms do. A new URL applies to messages still retrying.",
  role: "editor",
  params: webhookParams,
  body: patchSchema.meta({ description: "Any fields of createWebhook" }),
  response: { status: 200, description: "The webhook as updated", schema: webhookSchema },
  errors: [404, 409],
  async handler({ params, body }, { db, principal, sendEvents }) {
    const current = await requireWebhook(db, params.id);
    // The edit forms' values of the webhook, as they would be submitted, under the patch.
    const parsed = await createWebhookSchema.safeParseAsync({ ...toFormValues(current), ...body });
    if (!parsed.success) throw invalid(parsed.error, "body");
    const updated = await updateWebhook(db, params.id, parsed.data, principal.actor);
    if (updated.enabled && !current.enabled) await wakeWaitingMessages(db, sendEvents, params.id);
    return webhookOf(updated);
  },
});

/** The creation fields of a PUT body: a GET answer's read-only fields change nothing. */
function webhookFields({
  id: _id,
  disabledReason: _disabledReason,
  lastSuccessAt: _lastSuccessAt,
  lastFailureAt: _lastFailureAt,
  previousSecretExpiresAt: _previousSecretExpiresAt,
  createdAt: _createdAt,
  updatedAt: _updatedAt,
  ...fields
}: z.output<typeof replaceWebhookSchema>) {
  return fields;
}

export const replaceWebhookEndpoint = defineEndpoint({
  operationId: "replaceWebhook",
  method: "PUT",
  path: "/webhooks/{id}",
  tag: TAG,
  summary: "Replace a webhook",
  description:
    "The whole webhook, as createWebhook takes it: omitted fields take the creation defaults, not their current values (PATCH keeps those). A GET answer may be sent back edited: its read-only fields (`id`, `createdAt`, …) are ignored, and an `id` must be this webhook's. Credentials sent back as `••••••••` keep their values. A new URL applies to messages still retrying.",
  role: "editor",
  params: webhookParams,
  body: replaceWebhookSchema,
  bodyDefaults: { ...NEW_WEBHOOK_VALUES, product: null },
  response: { status: 200, description: "The webhook as replaced", schema: webhookSchema },
  errors: [404, 409],
  async handler({ params, body }, { db, principal, sendEvents }) {
    const current = await requireWebhook(db, params.id);
    if (body.id !== undefined && body.id !== params.id) {
      throw new DomainError("invalid", `must be ${params.id}, the webhook in the path`, "id");
    }
    const updated = await updateWebhook(db, params.id, webhookFields(body), principal.actor);
    if (updated.enabled && !current.enabled) await wakeWaitingMessages(db, sendEvents, params.id);
    return webhookOf(updated);
  },
});

export const deleteWebhookEndpoint = defineEndpoint({
  operationId: "deleteWebhook",
  method: "DELETE",
  path: "/webhooks/{id}",
  tag: TAG,
  summary: "Delete a webhook",
  description:
    "Cancels its pending messages first. With `forceDelete=false` it refuses (409) while messages are pending, as Apigee does.",
  role: "editor",
  params: webhookParams,
  query: z.strictObject({ forceDelete: booleanQuery(true) }),
  response: { status: 204, description: "Deleted" },
  errors: [404, 409],
  async handler({ params, query }, { db, principal, sendEvents }) {
    await removeWebhook(db, sendEvents, params.id, principal.actor, { force: query.forceDelete });
  },
});

function enableEndpoint(enabled: boolean) {
  return defineEndpoint({
    operationId: enabled ? "enableWebhook" : "disableWebhook",
    method: "POST",
    path: `/webhooks/{id}/${enabled ? "enable" : "disable"}`,
    tag: TAG,
    summary: enabled ? "Enable a webhook" : "Disable a webhook",
    description: enabled
      ? "Its waiting messages go out again."
      : "It gets no new messages; pending ones wait until it is enabled again or their 10 days run out.",
    role: "editor",
    params: webhookParams,
    response: { status: 200, description: "The webhook", schema: webhookSchema },
    errors: [404],
    async handler({ params }, { db, principal, sendEvents }) {
      const webhook = await setWebhookEnabled(db, params.id, enabled, principal.actor);
      if (enabled) await wakeWaitingMessages(db, sendEvents, params.id);
      return webhookOf(webhook);
    },
  });
}
export const enableWebhookEndpoint = enableEndpoint(true);
export const disableWebhookEndpoint = enableEndpoint(false);

export const rotateSecretEndpoint = defineEndpoint({
  operationId: "rotateWebhookSecret",
  method: "POST",
  path: "/webhooks/{id}/rotate-secret",
  tag: TAG,
  summary: "Rotate a webhook's signing secret",
  description:
    "Answers with the new secret; the rotation and the reveal are audited. The replaced secret keeps signing Standard Webhooks deliveries beside the new one (two signatures in `webhook-signature`) for `graceSeconds`, a day unless given, at most 7 days; 0 ends it at once. JWT signing uses the new secret only.",
  role: "editor",
  params: webhookParams,
  body: z.strictObject({ graceSeconds: secretGraceField.optional() }),
  response: { status: 200, description: "The new secret", schema: rotatedSecretSchema },
  errors: [404],
  async handler({ params, body }, { db, principal }) {
    const { previousSecretExpiresAt } = await regenerateWebhookSecret(
      db,
      params.id,
      principal.actor,
      { graceSeconds: body.graceSeconds },
    );
    return {
      secret: await revealWebhookSecret(db, params.id, principal.actor),
      previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null,
    };
  },
});

export const getSecretEndpoint = defineEndpoint({
  operationId: "getWebhookSecret",
  method: "GET",
  path: "/webhooks/{id}/secret",
  tag: TAG,
  summary: "Reveal a webhook's signing secret",
  description: "Each reveal is written to the audit log.",
  role: "editor",
  params: webhookParams,
  response: { status: 200, description: "The secret", schema: secretSchema },
  errors: [404],
  async handler({ params }, { db, principal }) {
    return { secret: await revealWebhookSecret(db, params.id, principal.actor) };
  },
});

export const triggerWebhookEndpoint = defineEndpoint({
  operationId: "triggerWebhook",
  method: "POST",
  path: "/webhooks/{id}/trigger",
  tag: TAG,
  summary: "Trigger Now: send a Test ping",
  description:
    "Sends the ping payload to this webhook alone and waits up to 15 s for its one attempt. While deliveries are paused (Settings) it answers at once with `paused: true`: the ping is stored and goes out when they resume.",
  role: "editor",
  params: webhookParams,
  response: {
    status: 200,
    description: "The ping's message and its outcome",
    schema: z.object({
      messageId: z.string(),
      status: z.string(),
      lastResponseStatus: z.number().int().nullable(),
      lastError: z.string().nullable(),
      durationMs: z.number().int().nullable().meta({ description: "How long the attempt took" }),
      paused: z.boolean().meta({ description: "Deliveries are paused: the ping waits" }),
    }),
  },
  errors: [404, 409],
  async handler({ params }, { db, sendEvents }) {
    return triggerWebhook(db, sendEvents, params.id);
  },
});

export const webhookStatisticsEndpoint = defineEndpoint({
  operationId: "getWebhookStatistics",
  method: "GET",
  path: "/webhooks/{id}/statistics",
  tag: TAG,
  summary: "A webhook's statistics",
  description:
    "The Statistics tab: counters, attempts by outcome with p50/p95 over a range, and the events the payload filter turned away over it.",
  role: "viewer",
  params: webhookParams,
  query: z.strictObject({
    range: z.enum(STAT_RANGES, `range is one of ${STAT_RANGES.join(", ")}`).default("24h"),
  }),
  response: { status: 200, description: "Counters and series", schema: statisticsSchema },
  errors: [404],
  async handler({ params, query }, { db }) {
    await requireWebhook(db, params.id);
    const [counters, series, filter] = await Promise.all([
      getWebhookCounters(db, params.id),
      getStatSeries(db, params.id, query.range),
      getFilterCounts(db, params.id, query.range),
    ]);
    const ref = (r: typeof counters.lastSuccess) =>
      r ? { at: r.at.toISOString(), messageId: r.messageId, attempt: r.attempt } : null;
    return {
      counters: {
        ...counters,
        lastEventAt: counters.lastEventAt?.toISOString() ?? null,
        nextTriggerAt: counters.nextTriggerAt?.toISOString() ?? null,
        lastSuccess: ref(counters.lastSuccess),
        lastFailure: ref(counters.lastFailure),
      },
      range: query.range,
      filter: {
        ...filter,
        lastError: filter.lastError
          ? { at: filter.lastError.at.toISOString(), error: filter.lastError.error }
          : null,
      },
      series,
    };
  },
});
