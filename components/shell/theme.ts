/** The console's colour theme: the system's unless the person chose one (kept in a cookie). */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "hookyard-theme";

/** The stored choice; anything else (or nothing) means "follow the system". */
export function parseTheme(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}
