import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "../_components/auth-card";
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
    <AuthCard>
      <h1 className="mb-1 text-lg font-semibold text-slate-900">Sign in to the console</h1>
      <p className="mb-6 text-sm text-slate-600">Manage outgoing webhooks and their deliveries.</p>
      {welcome && (
        <p
          role="status"
          className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          Your account is ready. Sign in with your new password.
        </p>
      )}
      <LoginForm next={next} email={email} />
    </AuthCard>
  );
}
