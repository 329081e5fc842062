"use client";

import { UserPlus } from "lucide-react";
import { toastResult } from "@/components/action-toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ShownOnce } from "@/components/ui/shown-once";
import type { Role } from "@/db/schema/enums";
import { roleLabel, RoleSelect, useRoleForm } from "./role-form";
import type { UserRow } from "@/lib/users/admin";
import { INVITE_DAYS, isLastActiveAdmin } from "@/lib/users/schemas";
import {
  changeUserRoleAction,
  inviteUserAction,
  reinviteUserAction,
  setUserDisabledAction,
} from "@/lib/users/actions";
import { formatDateTime } from "@/lib/utils";

/** An invitation link, shown once: there is no mail server, so the admin passes it on. */
function InviteLink({
  email,
  token,
  onDone,
}: {
  email: string;
  token: string;
  onDone: () => void;
}) {
  return (
    <ShownOnce
      value={`${window.location.origin}/invite/${token}`}
      what="Link"
      testId="invite-link"
      onDone={onDone}
    >
      Send this link to <strong>{email}</strong>. It works once, for {INVITE_DAYS} days, and is not
      shown again.
    </ShownOnce>
  );
}

function UserStatus({ user }: { user: UserRow }) {
  if (user.disabledAt) return <Badge tone="neutral">Disabled</Badge>;
  if (user.invited) {
    const expired = user.inviteExpiresAt && new Date(user.inviteExpiresAt) < new Date();
    return <Badge tone="warning">{expired ? "Invitation expired" : "Invited"}</Badge>;
  }
  return <Badge tone="success">Active</Badge>;
}

/** The console's users: invite with a role, change roles, disable and enable. */
export function UsersCard({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const form = useRoleForm("viewer", "email", (email, role) => inviteUserAction({ email, role }));
  const link = form.result;

  return (
    <Card>
      <CardHeader
        title="Users"
        description="Viewers read everything but secrets; editors also manage webhooks and messages; admins also manage users, API keys and settings."
      />
      <CardBody className="space-y-5">
        <form onSubmit={form.onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
          <Field
            id="invite-email"
            label="Invite by email"
            error={form.error}
            className="min-w-[min(16rem,100%)] flex-1"
          >
            <Input
              type="email"
              value={form.value}
              onChange={(e) => form.setValue(e.target.value)}
              placeholder="ana@example.com"
            />
          </Field>
          <Field id="invite-role" label="Role" className="min-w-40">
            <RoleSelect value={form.role} onChange={(e) => form.setRole(e.target.value as Role)} />
          </Field>
          <Button type="submit" disabled={form.pending}>
            <UserPlus aria-hidden />
            {form.pending ? "Inviting…" : "Invite"}
          </Button>
        </form>
        {link && <InviteLink {...link} onDone={() => form.setResult(null)} />}
        {/* Relative, so the table's sr-only labels scroll with it instead of widening the page. */}
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Users</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="py-2 pr-4 font-medium">User</th>
                <th className="py-2 pr-4 font-medium">Role</th>
                <th className="py-2 pr-4 font-medium">Status</th>
                <th className="py-2 pr-4 font-medium">Last sign-in</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {users.map((user) => {
                const lastAdmin = isLastActiveAdmin(user, users);
                return (
                  <tr key={user.id} data-testid={`user-${user.email}`}>
                    <td className="py-2 pr-4">
                      <div className="font-medium text-slate-900">
                        {user.name}
                        {user.id === currentUserId && (
                          <span className="ml-1 font-normal text-slate-600">(you)</span>
                        )}
                      </div>
                      <div className="text-xs text-slate-600">{user.email}</div>
                    </td>
                    <td className="py-2 pr-4">
                      <RoleSelect
                        aria-label={`Role of ${user.email}`}
                        className="w-32"
                        value={user.role}
                        disabled={lastAdmin}
                        title={lastAdmin ? "The last active admin stays an admin" : undefined}
                        onChange={async (e) => {
                          const next = e.target.value as Role;
                          toastResult(
                            await changeUserRoleAction({ id: user.id, role: next }),
                            `${user.email} is now ${roleLabel(next).toLowerCase()}`,
                          );
                        }}
                      />
                    </td>
                    <td className="py-2 pr-4">
                      <UserStatus user={user} />
                    </td>
                    <td className="py-2 pr-4 text-slate-700">
                      {user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"}
                    </td>
                    <td className="space-x-2 py-2 text-right whitespace-nowrap">
                      {user.invited && !user.disabledAt && (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={async () => {
                            const result = await reinviteUserAction({ id: user.id });
                            if (toastResult(result, `New link for ${user.email}`))
                              form.setResult(result.data);
                          }}
                        >
                          New link
                        </Button>
                      )}
                      {lastAdmin ? (
                        <span className="text-xs text-slate-600">
                          Last admin: make another user an admin to change this one
                        </span>
                      ) : user.disabledAt ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={async () =>
                            toastResult(
                              await setUserDisabledAction({ id: user.id, disabled: false }),
                              `${user.email} is enabled`,
                            )
                          }
                        >
                          Enable
                        </Button>
                      ) : (
                        <ConfirmDialog
                          title={`Disable ${user.email}?`}
                          description="They are signed out at once and cannot sign in until enabled again. What they did stays in the audit log."
                          confirmLabel="Disable"
                          onConfirm={async () => {
                            toastResult(
                              await setUserDisabledAction({ id: user.id, disabled: true }),
                              `${user.email} is disabled`,
                            );
                          }}
                          trigger={
                            <Button
                              size="sm"
                              variant="secondary"
                              aria-label={`Disable ${user.email}`}
                            >
                              Disable
                            </Button>
                          }
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </CardBody>
    </Card>
  );
}
