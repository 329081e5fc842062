import type { Metadata } from "next";
import { Webhook } from "lucide-react";
import { getDb } from "@/db";
import { findInvite } from "@/lib/users/admin";
import { AcceptInviteForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Accept invitation" };

/** Where an invitation link leads: the invitee chooses a name and a password. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findInvite(getDb(), token) : null;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-2 text-brand-700">
          <Webhook aria-hidden className="size-7" />
          <span className="text-xl font-semibold">Hookyard</span>
        </div>
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
      </div>
    </main>
  );
}
