import type { Endpoint } from "../endpoint";
import * as alerts from "./alerts";
import * as eventTypes from "./event-types";
import * as events from "./events";
import * as messages from "./messages";
import * as webhooks from "./webhooks";

const isEndpoint = (value: unknown): value is Endpoint =>
  typeof value === "object" && value !== null && "operationId" in value && "handler" in value;

/** Every REST operation, for the router, the OpenAPI document and the tests' role matrix. */
export const ENDPOINTS: Endpoint[] = [webhooks, messages, events, eventTypes, alerts].flatMap((module) =>
  Object.values(module).filter(isEndpoint),
);
