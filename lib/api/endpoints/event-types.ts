import { z } from "zod";
import {
  createEventType,
  setEventTypeArchived,
  updateEventType,
} from "@/lib/event-types/mutations";
import { getEventType, listAllEventTypes, listEventTypes } from "@/lib/event-types/queries";
import {
  createEventTypeSchema,
  eventTypeNameSchema,
  updateEventTypeSchema,
} from "@/lib/event-types/schemas";
import { notFound } from "@/lib/errors";
import { defineEndpoint } from "../endpoint";
import { eventTypeOf, eventTypeSchema } from "../resources";
import { booleanQuery } from "./query";

const TAG = "Event types";
const nameParams = z.strictObject({ name: eventTypeNameSchema });

export const listEventTypesEndpoint = defineEndpoint({
  operationId: "listEventTypes",
  method: "GET",
  path: "/event-types",
  tag: TAG,
  summary: "List event types",
  role: "viewer",
  query: z.strictObject({ includeArchived: booleanQuery(false) }),
  response: {
    status: 200,
    description: "Every event type, by name",
    schema: z.object({ data: z.array(eventTypeSchema) }),
  },
  async handler({ query }, { db }) {
    const rows = query.includeArchived ? await listAllEventTypes(db) : await listEventTypes(db);
    return { data: rows.map(eventTypeOf) };
  },
});

export const getEventTypeEndpoint = defineEndpoint({
  operationId: "getEventType",
  method: "GET",
  path: "/event-types/{name}",
  tag: TAG,
  summary: "Get an event type",
  role: "viewer",
  params: nameParams,
  response: { status: 200, description: "The event type", schema: eventTypeSchema },
  errors: [404],
  async handler({ params }, { db }) {
    const row = await getEventType(db, params.name);
    if (!row) throw notFound("Event type");
    return eventTypeOf(row);
  },
});

export const createEventTypeEndpoint = defineEndpoint({
  operationId: "createEventType",
  method: "POST",
  path: "/event-types",
  tag: TAG,
  summary: "Create an event type",
  role: "admin",
  body: createEventTypeSchema,
  response: { status: 201, description: "The new event type", schema: eventTypeSchema },
  errors: [409],
  async handler({ body }, { db, principal }) {
    return eventTypeOf(await createEventType(db, body, principal.actor));
  },
});

export const updateEventTypeEndpoint = defineEndpoint({
  operationId: "updateEventType",
  method: "PATCH",
  path: "/event-types/{name}",
  tag: TAG,
  summary: "Update an event type's description or example",
  role: "admin",
  params: nameParams,
  body: updateEventTypeSchema,
  response: { status: 200, description: "The event type", schema: eventTypeSchema },
  errors: [404],
  async handler({ params, body }, { db, principal }) {
    return eventTypeOf(await updateEventType(db, params.name, body, principal.actor));
  },
});

function archiveEndpoint(archived: boolean) {
  return defineEndpoint({
    operationId: archived ? "archiveEventType" : "restoreEventType",
    method: "POST",
    path: `/event-types/{name}/${archived ? "archive" : "restore"}`,
    tag: TAG,
    summary: archived ? "Archive an event type" : "Restore an archived event type",
    description: archived
      ? "Publishing it then answers 422 and new webhooks cannot subscribe to it; webhooks already subscribed keep it."
      : undefined,
    role: "admin",
    params: nameParams,
    response: { status: 200, description: "The event type", schema: eventTypeSchema },
    errors: [404],
    async handler({ params }, { db, principal }) {
      return eventTypeOf(await setEventTypeArchived(db, params.name, archived, principal.actor));
    },
  });
}
export const archiveEventTypeEndpoint = archiveEndpoint(true);
export const restoreEventTypeEndpoint = archiveEndpoint(false);
