import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ApiKeysCard } from "@/components/settings/api-keys-card";
import { DeliveriesCard } from "@/components/settings/deliveries-card";
import { RetentionCard } from "@/components/settings/retention-card";
import { getDb } from "@/db";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { requireUser } from "@/lib/auth/session";
import { deliveriesPaused, retentionDays } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireUser("admin");
  const db = getDb();
  const [keys, paused, days] = await Promise.all([
    listApiKeys(db),
    deliveriesPaused(db),
    retentionDays(db),
  ]);
  return (
    <>
      <PageHeader
        title="Settings"
        description="Console-wide settings. Only admins see this page."
      />
      <div className="space-y-6">
        <DeliveriesCard paused={paused} />
        <ApiKeysCard keys={keys} />
        <RetentionCard days={days} />
      </div>
    </>
  );
}
