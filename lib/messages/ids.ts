import { randomBytes } from "node:crypto";

/** Public ids of events and messages: a prefix and 16 random bytes, URL-safe. */
export const newEventId = () => `evt_${randomBytes(16).toString("base64url")}`;
export const newMessageId = () => `msg_${randomBytes(16).toString("base64url")}`;
