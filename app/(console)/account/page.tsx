import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ChangePasswordCard } from "@/components/account/change-password-card";
import { SessionsCard } from "@/components/account/sessions-card";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { listSessions } from "@/lib/users/sessions";
import { describeUserAgent } from "@/lib/users/user-agent";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser();
  const sessions = await listSessions(getDb(), user.id);
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${user.name} · ${user.email} · ${user.role}. Only an admin can change a role.`}
      />
      <div className="space-y-6">
        <ChangePasswordCard />
        <SessionsCard
          sessions={sessions.map((s) => ({
            id: s.id,
            browser: describeUserAgent(s.userAgent),
            address: s.address,
            createdAt: s.createdAt,
            lastSeenAt: s.lastSeenAt,
            current: s.id === user.sessionId,
          }))}
        />
      </div>
    </>
  );
}
