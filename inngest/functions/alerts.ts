import type { Inngest } from "inngest";
import { scanAlerts } from "@/lib/alerts/scan";
import type { DeliveryDeps } from "./first-attempts";

/**
 * Every minute: what needs an operator becomes an alert in the console and an event to the
 * operational webhooks (lib/alerts/scan.ts).
 */
export function createAlerts(client: Inngest, deps: DeliveryDeps) {
  return client.createFunction(
    { id: "alerts", triggers: [{ cron: "* * * * *" }], retries: 2 },
    async ({ step }) =>
      step.run("scan", () => scanAlerts(deps.db(), (events) => client.send(events as never))),
  );
}
