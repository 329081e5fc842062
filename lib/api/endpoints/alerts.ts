import { z } from "zod";
import { ALERTS_ROLE, isAlertCursor, listAlerts } from "@/lib/alerts/queries";
import { ALERT_EVENT_TYPES } from "@/lib/alerts/types";
import { defineEndpoint } from "../endpoint";
import { limitQuery } from "./query";

const alertSchema = z
  .object({
    id: z.string(),
    type: z.enum(ALERT_EVENT_TYPES.map((t) => t.name) as [string, ...string[]]).meta({
      description: "The alert's event type; its payload is in the event type catalog",
    }),
    webhookId: z.string().nullable(),
    title: z.string().meta({ description: "What happened, in one line, as the console says it" }),
    count: z.number().int().meta({
      description: "Occurrences gathered into this alert (failed messages, per webhook and hour)",
    }),
    data: z.record(z.string(), z.unknown()).meta({
      description: "The latest occurrence's payload, as its event carries it",
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Alert" });

export const listAlertsEndpoint = defineEndpoint({
  operationId: "listAlerts",
  method: "GET",
  path: "/alerts",
  tag: "Alerts",
  summary: "List operational alerts",
  description:
    "What needs an operator, last changed first: webhooks disabled by Hookyard, webhooks failing for an hour, messages failed for good (gathered per webhook and hour), background jobs failing. The same alerts are published as `hookyard.*` events to the webhooks subscribed to them.",
  role: ALERTS_ROLE,
  query: z.strictObject({
    limit: limitQuery(50),
    cursor: z
      .string()
      .max(200, "cursor is not one this API gave out")
      .refine(isAlertCursor, "cursor is not one this API gave out")
      .optional(),
  }),
  response: {
    status: 200,
    description: "A page of alerts",
    schema: z
      .object({
        data: z.array(alertSchema),
        nextCursor: z.string().nullable().meta({ description: "Older alerts: pass as `cursor`" }),
      })
      .meta({ id: "AlertPage" }),
  },
  async handler({ query }, { db }) {
    const page = await listAlerts(db, { userId: null, older: query.cursor, limit: query.limit });
    return {
      data: page.alerts.map((a) => ({
        id: a.id,
        type: a.type,
        webhookId: a.webhookId,
        title: a.title,
        count: a.count,
        data: a.data,
        createdAt: a.createdAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
      })),
      nextCursor: page.older,
    };
  },
});
