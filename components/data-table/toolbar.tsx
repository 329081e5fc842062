"use client";

import { Search } from "lucide-react";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { cn } from "@/lib/utils";

const toolbarClass = "flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3";

/**
 * The search landmark above a table. With `onSubmit` it is a form (typed text applies on
 * Enter or a submit button); without, its fields apply as they change.
 */
export function DataTableToolbar({
  onSubmit,
  children,
}: {
  onSubmit?: () => void;
  children: React.ReactNode;
}) {
  if (!onSubmit) {
    return (
      <div role="search" className={toolbarClass}>
        {children}
      </div>
    );
  }
  return (
    <form
      role="search"
      className={toolbarClass}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** A labelled control of the toolbar; `hideLabel` keeps the label for screen readers only. */
export function ToolbarField({
  id,
  label,
  hideLabel = false,
  className,
  children,
}: {
  id: string;
  label: string;
  hideLabel?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={className}>
      <label
        htmlFor={id}
        className={hideLabel ? "sr-only" : "block text-xs font-medium text-slate-700"}
      >
        {label}
      </label>
      {children}
    </div>
  );
}

/** The toolbar's search box, with its magnifier, taking the room the filters leave. */
export function SearchField({
  id,
  label,
  hideLabel,
  placeholder,
  value,
  onChange,
  inputClassName,
}: {
  id: string;
  label: string;
  hideLabel?: boolean;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  inputClassName?: string;
}) {
  return (
    <ToolbarField id={id} label={label} hideLabel={hideLabel} className="relative min-w-56 flex-1">
      <Search
        aria-hidden
        className="pointer-events-none absolute bottom-2.5 left-2.5 size-4 text-slate-500"
      />
      <Input
        id={id}
        type="search"
        placeholder={placeholder}
        className={cn("pl-8", inputClassName)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </ToolbarField>
  );
}

/** An option of a filter: a value shown as itself, or a value and its label. */
export type FilterOption<V extends string> = V | { value: V; label: string };

/** A filter chosen from a list; it applies as soon as it changes. */
export function FilterSelect<V extends string>({
  id,
  label,
  value,
  options,
  onChange,
  className,
}: {
  id: string;
  label: string;
  value: V;
  options: readonly FilterOption<V>[];
  onChange: (value: V) => void;
  className?: string;
}) {
  return (
    <ToolbarField id={id} label={label}>
      <Select
        id={id}
        className={className}
        value={value}
        onChange={(e) => onChange(e.target.value as V)}
      >
        {options.map((option) => {
          const { value: v, label: text } =
            typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </Select>
    </ToolbarField>
  );
}

export function ClearFiltersButton({ onClear }: { onClear: () => void }) {
  return (
    <Button type="button" variant="ghost" onClick={onClear}>
      Clear filters
    </Button>
  );
}
