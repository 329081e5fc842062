import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { ChangePasswordCard } from "@/components/account/change-password-card";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${user.name} · ${user.email} · ${user.role}. Only an admin can change a role.`}
      />
      <ChangePasswordCard />
    </>
  );
}
