import { cookies } from "next/headers";
import Link from "next/link";
import { LogOut, Webhook } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NavLinks } from "@/components/shell/nav-links";
import { signOutAction } from "@/components/shell/sign-out";
import { THEME_COOKIE, parseTheme } from "@/components/shell/theme";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { deliveriesPaused } from "@/lib/settings/settings";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const paused = await deliveriesPaused(getDb());
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <div className="min-h-screen md:grid md:grid-cols-[14rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:h-screen md:border-b-0 md:border-r">
        <div className="flex items-center justify-between gap-4 px-4 py-3 md:block md:py-5">
          <Link href="/" className="flex items-center gap-2 font-semibold text-brand-700">
            <Webhook aria-hidden className="size-6" />
            Hookyard
          </Link>
          <nav aria-label="Main" className="md:mt-6">
            <NavLinks isAdmin={user.role === "admin"} />
          </nav>
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-6 py-2.5">
          <ThemeToggle theme={theme} />
          <Link
            href="/account"
            className="text-sm text-slate-700 hover:underline"
            data-testid="current-user"
            title="Your account"
          >
            {user.email}
          </Link>
          <Badge tone={user.role === "admin" ? "info" : "neutral"}>{user.role}</Badge>
          <form action={signOutAction}>
            <Button type="submit" variant="ghost" size="sm">
              <LogOut aria-hidden />
              Sign out
            </Button>
          </form>
        </header>
        {paused && (
          <div
            role="status"
            className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950"
          >
            Deliveries are paused: events are stored and their messages wait.{" "}
            {user.role === "admin" ? (
              <Link href="/settings" className="font-medium underline">
                Resume them in Settings
              </Link>
            ) : (
              "An admin can resume them in Settings."
            )}
          </div>
        )}
        <main id="main" className="mx-auto w-full max-w-[96rem] flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
