"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { NEW_WEBHOOK_VALUES } from "@/lib/webhooks/form-values";
import { createWebhook } from "@/lib/webhooks/mutations";
import { createWebhookSchema, generalFields, httpFields } from "@/lib/webhooks/schemas";
import { ALERTS_ROLE, markAlertsRead } from "./queries";
import { ALERT_FAMILY } from "./types";

const alertIds = z
  .array(z.string().regex(/^alr_[A-Za-z0-9_-]{1,40}$/, "ids are alert ids"), "ids is a list")
  .min(1, "ids names at least one alert")
  .max(100, "ids names at most 100 alerts");

/** Marks some alerts, or all of them, read for the person signed in. */
export const markAlertsReadAction = defineAction(
  "markAlertsRead",
  {
    schema: z.strictObject({ ids: z.union([alertIds, z.literal("all")]) }),
    role: ALERTS_ROLE,
  },
  async ({ ids }, { db, user }) => {
    await markAlertsRead(db, user.id, ids);
    revalidatePath("/", "layout");
  },
);

const operationalWebhookSchema = z.strictObject({
  name: generalFields.name,
  url: httpFields.url,
});

/**
 * Settings' shortcut for an operational webhook: a webhook subscribed to every alert
 * (`hookyard.*`), signed and retried like any other, and edited like any other afterwards.
 */
export const createOperationalWebhookAction = defineAction(
  "createOperationalWebhook",
  { schema: operationalWebhookSchema, role: "admin" },
  async ({ name, url }, { db, user }) => {
    const input = createWebhookSchema.parse({
      ...NEW_WEBHOOK_VALUES,
      name,
      url,
      description: "Receives Hookyard's operational alerts (hookyard.* events).",
      eventTypes: [ALERT_FAMILY],
    });
    const webhook = await createWebhook(db, input, user);
    revalidatePath("/settings");
    revalidatePath("/webhooks");
    return { id: webhook.id };
  },
);
