"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/safe-action";
import { triggerWebhook, wakeWaitingMessages } from "@/lib/messages/operations";
import {
  createWebhook,
  regenerateWebhookSecret,
  removeWebhook,
  revealWebhookSecret,
  setWebhookEnabled,
  updateWebhookCustomData,
  updateWebhookGeneral,
  updateWebhookHttp,
} from "./mutations";
import {
  createWebhookSchema,
  setEnabledSchema,
  updateCustomDataSchema,
  updateGeneralSchema,
  updateHttpSchema,
  regenerateSecretSchema,
  webhookRefSchema,
} from "./schemas";

/*
 * The console's webhook server actions. Each one parses its input with the operation's
 * shared schema and checks the role itself (defineAction); the mutations do the rest.
 */

const refresh = (id?: string) => {
  revalidatePath("/webhooks");
  if (id) revalidatePath(`/webhooks/${id}`, "layout");
};

export const createWebhookAction = defineAction(
  "createWebhook",
  { schema: createWebhookSchema, role: "editor" },
  async (input, { db, user }) => {
    const webhook = await createWebhook(db, input, user);
    refresh();
    return { id: webhook.id };
  },
);

export const updateWebhookGeneralAction = defineAction(
  "updateWebhookGeneral",
  { schema: updateGeneralSchema, role: "editor" },
  async (input, { db, user }) => {
    await updateWebhookGeneral(db, input, user);
    refresh(input.id);
  },
);

export const updateWebhookHttpAction = defineAction(
  "updateWebhookHttp",
  { schema: updateHttpSchema, role: "editor" },
  async (input, { db, user }) => {
    await updateWebhookHttp(db, input, user);
    refresh(input.id);
  },
);

export const updateWebhookCustomDataAction = defineAction(
  "updateWebhookCustomData",
  { schema: updateCustomDataSchema, role: "editor" },
  async (input, { db, user }) => {
    await updateWebhookCustomData(db, input, user);
    refresh(input.id);
  },
);

export const setWebhookEnabledAction = defineAction(
  "setWebhookEnabled",
  { schema: setEnabledSchema, role: "editor" },
  async ({ id, enabled }, { db, user, send }) => {
    const webhook = await setWebhookEnabled(db, id, enabled, user);
    // Messages that waited while it was disabled go out now.
    if (enabled) await wakeWaitingMessages(db, send, id).catch(() => undefined);
    refresh(id);
    return { enabled: webhook.enabled };
  },
);

export const deleteWebhookAction = defineAction(
  "deleteWebhook",
  { schema: webhookRefSchema, role: "editor" },
  async ({ id }, { db, user, send }) => {
    await removeWebhook(db, send, id, user);
    refresh();
  },
);

export const regenerateWebhookSecretAction = defineAction(
  "regenerateWebhookSecret",
  { schema: regenerateSecretSchema, role: "editor" },
  async ({ id, graceSeconds }, { db, user }) => {
    const { previousSecretExpiresAt } = await regenerateWebhookSecret(db, id, user, {
      graceSeconds,
    });
    refresh(id);
    return { previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null };
  },
);

/** Returns the plain secret to an admin or editor; each reveal is audited. */
export const revealWebhookSecretAction = defineAction(
  "revealWebhookSecret",
  { schema: webhookRefSchema, role: "editor" },
  async ({ id }, { db, user }) => ({ secret: await revealWebhookSecret(db, id, user) }),
);

/** Trigger Now: a ping to this webhook alone; answers with the first attempt's outcome. */
export const triggerWebhookAction = defineAction(
  "triggerWebhook",
  { schema: webhookRefSchema, role: "editor" },
  // No revalidation here: it would re-render the page inside this answer and hold it back;
  // the button refreshes the page once it has shown the answer.
  async ({ id }, { db, send }) => triggerWebhook(db, send, id),
);
