import { Bell } from "lucide-react";
import { Link } from "@/components/ui/link";
import { UNREAD_CAP } from "@/lib/alerts/queries";

/** The header's way to the Alerts list, with how many are unread. */
export function AlertsBell({ unread }: { unread: number }) {
  const shown = unread >= UNREAD_CAP ? `${UNREAD_CAP - 1}+` : String(unread);
  return (
    <Link
      href={unread ? "/alerts?show=unread" : "/alerts"}
      aria-label={unread ? `Alerts, ${shown} unread` : "Alerts, none unread"}
      data-testid="alerts-bell"
      className="relative rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
    >
      <Bell aria-hidden className="size-5" />
      {unread > 0 && (
        <span className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white">
          {shown}
        </span>
      )}
    </Link>
  );
}
