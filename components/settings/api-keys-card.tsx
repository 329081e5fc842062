"use client";

import { KeyRound, Plus } from "lucide-react";
import * as React from "react";
import { toastResult } from "@/components/action-toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ShownOnce } from "@/components/ui/shown-once";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/settings/actions";
import { formatDateTime } from "@/lib/utils";
import type { Role } from "@/db/schema/enums";
import { RoleSelect, useRoleForm } from "./role-form";

const ROLE_HINTS: Record<Role, string> = {
  viewer: "Viewer: reads webhooks, messages and statistics",
  editor: "Editor: also publishes events and manages webhooks and messages",
  admin: "Admin: also manages event types",
};

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  rateLimitPerMinute: number | null;
}

/** API keys for the REST API: create (shown once), list, revoke. */
export function ApiKeysCard({
  keys,
  defaultRateLimit,
}: {
  keys: ApiKeyRow[];
  /** The console's requests a minute per key (HOOKYARD_API_RATE_LIMIT). */
  defaultRateLimit: number;
}) {
  const [limit, setLimit] = React.useState("");
  const form = useRoleForm("editor", "name", (name, role) =>
    createApiKeyAction({
      name,
      role,
      rateLimitPerMinute: limit.trim() === "" ? null : Number(limit),
    }),
  );
  const created = form.result;

  return (
    <Card>
      <CardHeader
        title="API keys"
        description={
          <>
            The back office and scripts call the{" "}
            <a className="text-brand-700 underline" href="/api-reference">
              REST API
            </a>{" "}
            with <code className="font-mono text-xs">Authorization: Bearer hk_…</code>; a key acts
            with its role.
          </>
        }
      />
      <CardBody className="space-y-5">
        <form onSubmit={form.onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
          <Field
            id="api-key-name"
            label="New key name"
            hint="Who or what uses it, e.g. Billing back office"
            error={form.error}
            className="min-w-[min(16rem,100%)] flex-1"
          >
            <Input
              value={form.value}
              onChange={(e) => form.setValue(e.target.value)}
              maxLength={100}
            />
          </Field>
          <Field
            id="api-key-role"
            label="Role"
            hint={ROLE_HINTS[form.role]}
            className="w-full sm:w-80"
          >
            <RoleSelect value={form.role} onChange={(e) => form.setRole(e.target.value as Role)} />
          </Field>
          <Field
            id="api-key-rate-limit"
            label="Requests per minute"
            hint={`Empty: the console's ${defaultRateLimit.toLocaleString("en-US")}`}
            error={form.fieldErrors?.rateLimitPerMinute}
            className="w-full sm:w-48"
          >
            <Input
              type="number"
              inputMode="numeric"
              min={1}
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
            />
          </Field>
          <Button type="submit" disabled={form.pending} className="mb-5">
            <Plus aria-hidden />
            {form.pending ? "Creating…" : "Create key"}
          </Button>
        </form>
        {created && (
          <ShownOnce
            value={created.key}
            what="Key"
            testId="new-api-key"
            onDone={() => form.setResult(null)}
          >
            <strong>{created.name}</strong>: copy this key now. Hookyard keeps only a hash of it and
            cannot show it again.
          </ShownOnce>
        )}
        {keys.length === 0 ? (
          <EmptyState
            icon={<KeyRound />}
            title="No API keys yet"
            description="Create one for each system that publishes events, so each can be revoked alone."
          />
        ) : (
          // The table scrolls on a narrow window: focusable so a keyboard can scroll it too, and
          // relative so its sr-only labels scroll with it instead of widening the page.
          <div
            className="relative overflow-x-auto"
            tabIndex={0}
            role="region"
            aria-label="API keys"
          >
            <table className="w-full text-left text-sm">
              <caption className="sr-only">API keys</caption>
              <thead className="text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th className="py-2 pr-4 font-medium">Name</th>
                  <th className="py-2 pr-4 font-medium">Key</th>
                  <th className="py-2 pr-4 font-medium">Role</th>
                  <th className="py-2 pr-4 font-medium">Limit</th>
                  <th className="py-2 pr-4 font-medium">Created</th>
                  <th className="py-2 pr-4 font-medium">Last used</th>
                  <th className="py-2 pr-4 font-medium">Status</th>
                  <th className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {keys.map((key) => (
                  <tr key={key.id}>
                    <td className="py-2 pr-4 font-medium text-slate-900">{key.name}</td>
                    <td className="py-2 pr-4 font-mono text-xs text-slate-700">{key.prefix}…</td>
                    <td className="py-2 pr-4 capitalize text-slate-700">{key.role}</td>
                    <td className="py-2 pr-4 whitespace-nowrap text-slate-700">
                      {(key.rateLimitPerMinute ?? defaultRateLimit).toLocaleString("en-US")}/min
                      {key.rateLimitPerMinute === null && (
                        <span className="text-slate-600"> (default)</span>
                      )}
                    </td>
                    <td className="py-2 pr-4 text-slate-700">{formatDateTime(key.createdAt)}</td>
                    <td className="py-2 pr-4 text-slate-700">
                      {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never"}
                    </td>
                    <td className="py-2 pr-4">
                      {key.revokedAt ? (
                        <Badge tone="neutral">Revoked</Badge>
                      ) : (
                        <Badge tone="success">Active</Badge>
                      )}
                    </td>
                    <td className="py-2 text-right">
                      {!key.revokedAt && (
                        <ConfirmDialog
                          title={`Revoke ${key.name}?`}
                          description="Requests with this key are refused from now on. This cannot be undone."
                          confirmLabel="Revoke"
                          onConfirm={async () => {
                            toastResult(
                              await revokeApiKeyAction({ id: key.id }),
                              `${key.name} is revoked`,
                            );
                          }}
                          trigger={
                            <Button size="sm" variant="secondary" aria-label={`Revoke ${key.name}`}>
                              Revoke
                            </Button>
                          }
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
