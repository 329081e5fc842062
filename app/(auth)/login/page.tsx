import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Webhook } from "lucide-react";
import { getCurrentUser } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; email?: string; welcome?: string }>;
}) {
  if (await getCurrentUser()) redirect("/");
  const { next, email, welcome } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-2 text-brand-700">
          <Webhook aria-hidden className="size-7" />
          <span className="text-xl font-semibold">Hookyard</span>
        </div>
        <h1 className="mb-1 text-lg font-semibold text-slate-900">Sign in to the console</h1>
        <p className="mb-6 text-sm text-slate-600">
          Manage outgoing webhooks and their deliveries.
        </p>
        {welcome && (
          <p
            role="status"
            className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
          >
            Your account is ready. Sign in with your new password.
          </p>
        )}
        <LoginForm next={next} email={email} />
      </div>
    </main>
  );
}
