import { Webhook } from "lucide-react";
import type * as React from "react";

/** The frame of the pages a visitor sees before signing in. */
export function AuthCard({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-2 text-brand-700">
          <Webhook aria-hidden className="size-7" />
          <span className="text-xl font-semibold">Hookyard</span>
        </div>
        {children}
      </div>
    </main>
  );
}
