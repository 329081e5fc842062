import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { Pool } from "pg";
import { E2E, e2eDatabaseUrl } from "./e2e-settings";

export type Role = "admin" | "editor" | "viewer";

export function storageStateFor(role: Role): string {
  return path.join(import.meta.dirname, ".auth", `${E2E.port}-${role}.json`);
}

let pool: Pool | undefined;
/** Direct SQL on the console's database, to arrange data and to check what was stored. */
export function sql<T extends Record<string, unknown> = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
) {
  pool ??= new Pool({ connectionString: e2eDatabaseUrl(), max: 2 });
  return pool.query<T>(text, params).then((r) => r.rows);
}

/** A name no other test uses, so tests can run in parallel on one database. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Fails on serious or critical axe-core violations, listing them. */
export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

/** `test` signed in as the role given by `test.use({ role })`, admin by default. */
export const test = base.extend<{ role: Role }>({
  role: ["admin", { option: true }],
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Playwright fixture, not a React hook
  storageState: async ({ role }, use) => use(storageStateFor(role)),
});

export { expect };
