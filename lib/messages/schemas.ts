import { z } from "zod";

/** Message and event ids as they appear in URLs, forms and API paths (lib/messages/ids.ts). */
export const MESSAGE_ID_RE = /^msg_[A-Za-z0-9_-]{1,40}$/;
export const messageIdSchema = z.string().regex(MESSAGE_ID_RE, "Not a message id");
export const eventIdSchema = z.string().regex(/^evt_[A-Za-z0-9_-]{1,40}$/, "Not an event id");
