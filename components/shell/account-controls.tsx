import { Link } from "@/components/ui/link";
import { LogOut } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { Role } from "@/db/schema/enums";
import { signOutAction } from "./sign-out";

/**
 * Who is signed in, their role and Sign out: in the header from `md` up, in the drawer below
 * it. Only the header's copy carries the `current-user` test id, so tests find one.
 */
export function AccountControls({
  email,
  role,
  testId,
}: {
  email: string;
  role: Role;
  testId?: string;
}) {
  return (
    <>
      <Link
        href="/account"
        className="min-w-0 break-all text-sm text-slate-700 hover:underline"
        data-testid={testId}
        title="Your account"
      >
        {email}
      </Link>
      <Badge tone={role === "admin" ? "info" : "neutral"}>{role}</Badge>
      <form action={signOutAction}>
        <Button type="submit" variant="ghost" size="sm">
          <LogOut aria-hidden />
          Sign out
        </Button>
      </form>
    </>
  );
}
