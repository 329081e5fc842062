import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { getWebhookWithPeople } from "./queries";
import { webhookIdSchema } from "./schemas";

/** The webhook a page is about, once per request; an invalid or unknown id is a 404. */
export const loadWebhook = cache(async (rawId: string) => {
  const id = webhookIdSchema.safeParse(decodeURIComponent(rawId));
  if (!id.success) notFound();
  const webhook = await getWebhookWithPeople(getDb(), id.data);
  if (!webhook) notFound();
  return webhook;
});
