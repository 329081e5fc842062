import { randomInt } from "node:crypto";

/** A new public webhook id, `WH-` and nine random digits in three groups. */
export function newWebhookId(): string {
  const group = () => String(randomInt(0, 1000)).padStart(3, "0");
  return `WH-${group()}-${group()}-${group()}`;
}
