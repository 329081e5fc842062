import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The executor is a component of its own: it can be read, tested and replaced alone, so its
 * code imports nothing from the app — only its own files and npm packages.
 */
describe("the executor module", () => {
  it("imports only its own files and packages", () => {
    const dir = import.meta.dirname;
    const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect(sources.length).toBeGreaterThanOrEqual(6);
    const outside: string[] = [];
    for (const file of sources) {
      const text = readFileSync(path.join(dir, file), "utf8");
      for (const [, from] of text.matchAll(/\bfrom\s+"([^"]+)"/g)) {
        const own = from!.startsWith("./") && !from!.slice(2).includes("/");
        const npm = !from!.startsWith(".") && !from!.startsWith("@/");
        if (!own && !npm) outside.push(`${file}: ${from}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
