"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { segment: "", label: "Details" },
  { segment: "/logs", label: "Logs" },
  { segment: "/statistics", label: "Statistics" },
  { segment: "/http", label: "HTTP settings" },
  { segment: "/custom-data", label: "Custom data" },
];

/** The webhook page's tabs, one route each so a tab can be linked to and reloaded. */
export function WebhookTabs({ id }: { id: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Webhook sections" className="border-b border-slate-200">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {TABS.map((tab) => {
          const href = `/webhooks/${id}${tab.segment}`;
          // A message's page is part of the Logs tab.
          const active =
            pathname === href || (tab.segment !== "" && pathname.startsWith(`${href}/`));
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-block whitespace-nowrap border-b-2 px-4 py-2.5 text-sm font-medium",
                  active
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
