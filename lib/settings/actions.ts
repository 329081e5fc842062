"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import {
  apiKeyRefSchema,
  createApiKey,
  createApiKeySchema,
  revokeApiKey,
} from "@/lib/api-keys/api-keys";
import { wakeWaitingMessages } from "@/lib/messages/operations";
import { setDeliveriesPaused, setRetentionDays } from "./settings";

/* Settings are an admin's: API keys and the global deliveries switch. */

/** Creates a key and returns it this once; only its hash is kept. */
export const createApiKeyAction = defineAction(
  "createApiKey",
  { schema: createApiKeySchema, role: "admin" },
  async (input, { db, user }) => {
    const created = await createApiKey(db, input, user);
    revalidatePath("/settings");
    return created;
  },
);

export const revokeApiKeyAction = defineAction(
  "revokeApiKey",
  { schema: apiKeyRefSchema, role: "admin" },
  async ({ id }, { db, user }) => {
    await revokeApiKey(db, id, user);
    revalidatePath("/settings");
  },
);

export const setDeliveriesPausedAction = defineAction(
  "setDeliveriesPaused",
  { schema: z.strictObject({ paused: z.boolean("paused is true or false") }), role: "admin" },
  async ({ paused }, { db, user, send }) => {
    await setDeliveriesPaused(db, paused, user);
    // Messages that waited while paused go out now rather than at their next check.
    if (!paused) await wakeWaitingMessages(db, send, null).catch(() => undefined);
    revalidatePath("/settings");
    return { paused };
  },
);

export const setRetentionDaysAction = defineAction(
  "setRetentionDays",
  {
    schema: z.strictObject({
      days: z
        .number({ message: "Retention must be a number of days" })
        .int("Retention is a whole number of days")
        .min(1, "Keep messages at least 1 day")
        .max(3650, "Keep messages at most 3,650 days"),
    }),
    role: "admin",
  },
  async ({ days }, { db, user }) => {
    await setRetentionDays(db, days, user);
    revalidatePath("/settings");
    return { days };
  },
);
