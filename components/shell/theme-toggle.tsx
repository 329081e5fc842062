"use client";

import { Check, Monitor, Moon, Sun } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { THEME_COOKIE, type Theme } from "./theme";

const CHOICES = [
  { value: "system", label: "System", icon: Monitor },
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
] as const;

/** Keeps the choice for a year (the root layout reads it) and applies it to <html> at once. */
function applyTheme(next: Theme) {
  document.cookie =
    next === "system"
      ? `${THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
      : `${THEME_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Lax`;
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  if (next !== "system") root.classList.add(next);
}

/**
 * The theme menu: System (follow prefers-color-scheme), Light or Dark.
 */
export function ThemeToggle({ theme }: { theme: Theme }) {
  const router = useRouter();
  const [current, setCurrent] = React.useState(theme);
  const Icon = CHOICES.find((c) => c.value === current)!.icon;

  function choose(next: Theme) {
    setCurrent(next);
    applyTheme(next);
    // The toasts take their theme from the server's render of the root layout.
    router.refresh();
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Theme: ${current}`} data-testid="theme">
          <Icon aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        {CHOICES.map(({ value, label, icon: ItemIcon }) => (
          <DropdownMenuItem
            key={value}
            onSelect={() => choose(value)}
            role="menuitemradio"
            aria-checked={value === current}
          >
            <ItemIcon aria-hidden />
            {label}
            {value === current && <Check aria-hidden className="ml-auto" />}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
