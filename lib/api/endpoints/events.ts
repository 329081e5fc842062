import { z } from "zod";
import { isAlertType } from "@/lib/alerts/types";
import { enqueueMessages } from "@/lib/messages/operations";
import { publishEvent } from "@/lib/messages/publish";
import { publishEventSchema } from "@/lib/messages/schemas";
import { notFound } from "@/lib/errors";
import { isActiveEventType } from "@/lib/event-types/queries";
import { getEventWithMessages } from "@/lib/messages/queries";
import { eventIdSchema } from "@/lib/messages/schemas";
import { defineEndpoint } from "../endpoint";
import { ApiError } from "../errors";
import { eventSchema } from "../resources";
import { jsonResponse } from "../json-response";

const TAG = "Events";

export const publishEventEndpoint = defineEndpoint({
  operationId: "publishEvent",
  method: "POST",
  path: "/events",
  tag: TAG,
  summary: "Publish an event",
  description:
    "Stores the event and one message per subscribed, enabled webhook (whose payload filter, if any, it matches), then answers 202. A repeated `idempotencyKey` answers the first event again with `Idempotent-Replayed: true`. A W3C `traceparent` header puts the event in the publisher's trace: webhooks that forward trace context send each attempt's `traceparent` in it. Never 2xx for an event that was not stored.",
  role: "editor",
  body: publishEventSchema,
  response: {
    status: 202,
    description: "Stored; its messages are on their way",
    schema: z.object({ id: z.string(), messages: z.number().int() }),
  },
  errors: [413, 422],
  async handler({ body }, { db, sendEvents, headers }) {
    if (isAlertType(body.type)) {
      throw new ApiError("unprocessable", `${body.type} is one of Hookyard's own alerts`, {
        type: "hookyard.* event types are published by Hookyard only",
      });
    }
    if (!(await isActiveEventType(db, body.type))) {
      throw new ApiError("unprocessable", `Unknown event type ${body.type}`, {
        type: "Not in the event type catalog",
      });
    }
    let published;
    try {
      // A W3C `traceparent` header carries the publisher's trace on to the receivers.
      published = await publishEvent(db, {
        ...body,
        source: "api",
        traceparent: headers.get("traceparent"),
      });
    } catch (error) {
      console.error("[api/v1/events] could not store an event:", error);
      throw new ApiError(
        "unavailable",
        "The event could not be stored; nothing was accepted. Retry later.",
      );
    }
    if (!published.replay && published.messages.length) {
      // Stored is accepted: if handing over fails now, the sweeper re-sends Created messages.
      await enqueueMessages(sendEvents, published.messages).catch((error: unknown) =>
        console.error("[api/v1/events] enqueue failed; will be swept:", error),
      );
    }
    return jsonResponse(
      { id: published.eventId, messages: published.messageCount },
      { status: 202, headers: published.replay ? { "Idempotent-Replayed": "true" } : {} },
    );
  },
});

export const getEventEndpoint = defineEndpoint({
  operationId: "getEvent",
  method: "GET",
  path: "/events/{id}",
  tag: TAG,
  summary: "Get an event with its messages",
  role: "viewer",
  params: z.strictObject({ id: eventIdSchema }),
  response: { status: 200, description: "The event", schema: eventSchema },
  errors: [404],
  async handler({ params }, { db }) {
    const event = await getEventWithMessages(db, params.id);
    if (!event) throw notFound("Event");
    return {
      id: event.id,
      type: event.type,
      product: event.product,
      payload: event.payload,
      source: event.source,
      createdAt: event.createdAt.toISOString(),
      messages: event.messages,
    };
  },
});
