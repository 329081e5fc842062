"use client";

import { Pencil } from "lucide-react";
import { parseAsBoolean, useQueryState } from "nuqs";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

/**
 * Editing kept in the URL (`?edit=true`), so a link — the header's Edit menu, Details' "Edit
 * HTTP settings" — can open a tab with its form showing. Leaving the form drops the parameter.
 */
export function useEditingInUrl() {
  const [editing, setEditing] = useQueryState("edit", parseAsBoolean.withDefault(false));
  return { editing, onEditingChange: (next: boolean) => void setEditing(next || null) };
}

/**
 * A card that shows a webhook's settings and, for editors, swaps to a form for them. The form
 * gets `done` to call after saving or on Cancel.
 */
export function EditableCard({
  title,
  description,
  canManage,
  editing: controlledEditing,
  onEditingChange,
  editLabel,
  view,
  form,
}: {
  title: string;
  description?: string;
  canManage: boolean;
  /** Controlled editing state, e.g. kept in the URL; local state otherwise. */
  editing?: boolean;
  onEditingChange?: (editing: boolean) => void;
  editLabel: string;
  view: React.ReactNode;
  form: (done: () => void) => React.ReactNode;
}) {
  const [localEditing, setLocalEditing] = React.useState(false);
  const editing = canManage && (controlledEditing ?? localEditing);
  const setEditing = onEditingChange ?? setLocalEditing;
  return (
    <Card>
      <CardHeader
        title={title}
        description={description}
        actions={
          canManage &&
          !editing && (
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              <Pencil aria-hidden />
              {editLabel}
            </Button>
          )
        }
      />
      <CardBody>{editing ? form(() => setEditing(false)) : view}</CardBody>
    </Card>
  );
}

export function FormButtons({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  return (
    <div className="flex justify-end gap-2 border-t border-slate-200 pt-4">
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save changes"}
      </Button>
    </div>
  );
}
