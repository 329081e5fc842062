"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { sendEvents } from "@/inngest/client";
import { defineAction } from "@/lib/actions/safe-action";
import { cancelMessage, retryMessage } from "@/lib/delivery/message-actions";

const messageRefSchema = z.strictObject({
  id: z.string().regex(/^msg_[A-Za-z0-9_-]{1,40}$/, "Not a message id"),
});

/** Retry: attempts a Retrying message now; delivers a finished one again. */
export const retryMessageAction = defineAction(
  "retryMessage",
  { schema: messageRefSchema, role: "editor" },
  async ({ id }, { db }) => {
    const result = await retryMessage(db, sendEvents, id);
    revalidatePath("/webhooks", "layout");
    return result;
  },
);

/** Cancel: a Created or Retrying message gets no further attempts. */
export const cancelMessageAction = defineAction(
  "cancelMessage",
  { schema: messageRefSchema, role: "editor" },
  async ({ id }, { db }) => {
    await cancelMessage(db, sendEvents, id);
    revalidatePath("/webhooks", "layout");
  },
);
