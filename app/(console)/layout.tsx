import { cookies } from "next/headers";
import { Link } from "@/components/ui/link";
import { AccountControls } from "@/components/shell/account-controls";
import { AlertsBell } from "@/components/shell/alerts-bell";
import { Brand } from "@/components/shell/brand";
import { NavDrawer } from "@/components/shell/nav-drawer";
import { NavLinks } from "@/components/shell/nav-links";
import { THEME_COOKIE, parseTheme } from "@/components/shell/theme";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { getDb } from "@/db";
import { countUnreadAlerts } from "@/lib/alerts/queries";
import { requireUser } from "@/lib/auth/session";
import { deliveriesPaused } from "@/lib/settings/settings";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const [paused, unread] = await Promise.all([
    deliveriesPaused(getDb()),
    countUnreadAlerts(getDb(), user.id),
  ]);
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const isAdmin = user.role === "admin";
  return (
    <div className="min-h-screen md:grid md:grid-cols-[14rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      {/* From md up. Sticky and a window tall, so its background and links stay beside the
          content however far down a long page is read. Below md the drawer holds the nav. */}
      <aside className="hidden border-r border-slate-200 bg-white md:sticky md:top-0 md:block md:h-screen md:overflow-y-auto">
        <div className="px-4 py-5">
          <Brand />
          <nav aria-label="Main" className="mt-6">
            <NavLinks isAdmin={isAdmin} />
          </nav>
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2.5 sm:px-6">
          <NavDrawer
            isAdmin={isAdmin}
            account={<AccountControls email={user.email} role={user.role} />}
          />
          <div className="ml-auto flex items-center gap-3">
            <AlertsBell unread={unread} />
            <ThemeToggle theme={theme} />
            <div className="hidden items-center gap-3 md:flex">
              <AccountControls email={user.email} role={user.role} testId="current-user" />
            </div>
          </div>
        </header>
        {paused && (
          <div
            role="status"
            className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 sm:px-6"
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
