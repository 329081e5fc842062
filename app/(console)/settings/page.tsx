import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ApiKeysCard } from "@/components/settings/api-keys-card";
import { env } from "@/lib/env";
import { DeliveriesCard } from "@/components/settings/deliveries-card";
import { OperationalCard } from "@/components/settings/operational-card";
import { RetentionCard } from "@/components/settings/retention-card";
import { UsersCard } from "@/components/settings/users-card";
import { getDb } from "@/db";
import { listOperationalWebhooks } from "@/lib/alerts/queries";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { requireUser } from "@/lib/auth/session";
import { deliveriesPaused, retentionDays } from "@/lib/settings/settings";
import { listUsers } from "@/lib/users/admin";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser("admin");
  const db = getDb();
  const [keys, paused, days, people, operational] = await Promise.all([
    listApiKeys(db),
    deliveriesPaused(db),
    retentionDays(db),
    listUsers(db),
    listOperationalWebhooks(db),
  ]);
  return (
    <>
      <PageHeader
        title="Settings"
        description="Console-wide settings. Only admins see this page."
      />
      <div className="space-y-6">
        <DeliveriesCard paused={paused} />
        <OperationalCard webhooks={operational} />
        <UsersCard users={people} currentUserId={user.id} />
        <ApiKeysCard keys={keys} defaultRateLimit={env().HOOKYARD_API_RATE_LIMIT} />
        <RetentionCard days={days} />
      </div>
    </>
  );
}
