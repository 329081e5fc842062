import type { Metadata } from "next";
import { AuthCard } from "../../_components/auth-card";
import { getDb } from "@/db";
import { findInvite } from "@/lib/users/admin";
import { AcceptInviteForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Accept invitation" };

/** Where an invitation link leads: the invitee chooses a name and a password. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findInvite(getDb(), token) : null;
  return (
    <AuthCard>
      {invite ? (
        <>
          <h1 className="mb-1 text-lg font-semibold text-slate-900">Join the console</h1>
          <p className="mb-6 text-sm text-slate-600">
            You were invited as <strong>{invite.email}</strong>. Choose your name and a password.
          </p>
          <AcceptInviteForm token={token} />
        </>
      ) : (
        <>
          <h1 className="mb-1 text-lg font-semibold text-slate-900">This link no longer works</h1>
          <p className="text-sm text-slate-600">
            The invitation has expired or was already used. Ask an admin for a new link.
          </p>
        </>
      )}
    </AuthCard>
  );
}
