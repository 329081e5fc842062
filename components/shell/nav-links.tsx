"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import {
  BookOpen,
  Gauge,
  History,
  Inbox,
  ListTree,
  ScrollText,
  Settings,
  Webhook,
} from "lucide-react";
import { cn } from "@/lib/utils";

const LINKS = [
  { href: "/", label: "Overview", icon: Gauge, admin: false },
  { href: "/webhooks", label: "Webhooks", icon: Webhook, admin: false },
  { href: "/messages", label: "Messages", icon: ScrollText, admin: false },
  { href: "/event-types", label: "Event types", icon: ListTree, admin: false },
  { href: "/inbox", label: "Inbox", icon: Inbox, admin: false },
  { href: "/api-reference", label: "API reference", icon: BookOpen, admin: false },
  { href: "/audit", label: "Audit log", icon: History, admin: true },
  { href: "/settings", label: "Settings", icon: Settings, admin: true },
];

export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1">
      {LINKS.filter((link) => isAdmin || !link.admin).map(({ href, label, icon: Icon }) => {
        const active = pathname === href || (href !== "/" && pathname.startsWith(`${href}/`));
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium",
                active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              <Icon aria-hidden className="size-4" />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
