import { eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { webhooks } from "@/db/schema";
import { DomainError, notFound } from "@/lib/errors";
import { isActiveEventType, listEventTypes, matchesPattern } from "@/lib/event-types/queries";
import { enqueueMessages, type SendEvents } from "./operations";
import { createDirectMessage, publishEvent, subscribedTo } from "./publish";

export interface ExampleInput {
  type: string;
  product?: string | null;
  payload: Record<string, unknown>;
  /** To this webhook alone (a direct message); without it, a real event to every subscriber. */
  webhookId?: string;
}

export interface ExampleChoice {
  type: string;
  payload: unknown;
}

/** The event types a webhook receives, each with its example, for its Send example dialog. */
export async function examplesForWebhook(
  db: Executor,
  webhookId: string,
): Promise<ExampleChoice[]> {
  const [webhook] = await db
    .select({ eventTypes: webhooks.eventTypes })
    .from(webhooks)
    .where(eq(webhooks.id, webhookId));
  if (!webhook) throw notFound("Webhook");
  return examplesForPatterns(db, webhook.eventTypes);
}

/**
 * The active event types that patterns (`invoice.paid`, `invoice.*`) take in, with their
 * examples: what a payload filter's preview tries.
 */
export async function examplesForPatterns(
  db: Executor,
  patterns: string[],
): Promise<ExampleChoice[]> {
  return (await listEventTypes(db))
    .filter((t) => patterns.some((pattern) => matchesPattern(pattern, t.name)))
    .map((t) => ({ type: t.name, payload: t.examplePayload }));
}

export interface SentExample {
  eventId: string | null;
  messages: { id: string; webhookId: string; webhookName: string }[];
}

/**
 * An event type's example payload, as edited in the console, sent for real: published as an
 * event (source "console") to every subscribed webhook, or, from a webhook's page, as a
 * message to that webhook alone. Answers with the messages made, to link to.
 */
export async function sendExample(
  db: Executor,
  send: SendEvents,
  input: ExampleInput,
): Promise<SentExample> {
  if (!(await isActiveEventType(db, input.type))) {
    throw new DomainError("invalid", "Not an event type of the catalog", "type");
  }
  let eventId: string | null = null;
  let made: { id: string; webhookId: string }[];
  if (input.webhookId) {
    const [webhook] = await db
      .select({
        enabled: webhooks.enabled,
        subscribed: sql<boolean>`coalesce(${subscribedTo(input.type, input.product)}, false)`,
      })
      .from(webhooks)
      .where(eq(webhooks.id, input.webhookId));
    if (!webhook) throw notFound("Webhook");
    if (!webhook.enabled) {
      throw new DomainError("conflict", "The webhook is disabled; enable it to send it events");
    }
    if (!webhook.subscribed) {
      throw new DomainError(
        "invalid",
        `This webhook does not receive ${input.type}${input.product ? ` for ${input.product}` : ""}`,
        "type",
      );
    }
    made = [
      await createDirectMessage(db, input.webhookId, "manual", new Date(), {
        eventType: input.type,
        payload: input.payload,
      }),
    ];
  } else {
    const published = await publishEvent(db, {
      type: input.type,
      product: input.product ?? null,
      payload: input.payload,
      source: "console",
    });
    eventId = published.eventId;
    made = published.messages;
  }
  // Stored is sent: if the hand-over fails, the sweeper finds the Created messages.
  if (made.length) {
    await enqueueMessages(send, made).catch((error: unknown) =>
      console.error("[examples] enqueue failed; will be swept:", error),
    );
  }
  const names = made.length
    ? await db
        .select({ id: webhooks.id, name: webhooks.name })
        .from(webhooks)
        .where(
          inArray(
            webhooks.id,
            made.map((m) => m.webhookId),
          ),
        )
    : [];
  return {
    eventId,
    messages: made.map((m) => ({
      ...m,
      webhookName: names.find((n) => n.id === m.webhookId)?.name ?? m.webhookId,
    })),
  };
}
