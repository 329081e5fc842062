import { describe, expect, it } from "vitest";
import { EVENT_TYPE_CATALOG } from "./catalog";

describe("the shipped event types' descriptions", () => {
  it("take the article their noun needs", () => {
    const byName = Object.fromEntries(EVENT_TYPE_CATALOG.map((t) => [t.name, t.description]));
    expect(byName["user.deleted"]).toBe("A user was deleted.");
    expect(byName["user.updated"]).toBe("A user's attributes changed.");
    expect(byName["account.deleted"]).toBe("An account was deleted.");
    for (const { name, description } of EVENT_TYPE_CATALOG) {
      const [, article, word] = /^(An?) (new )?(\w+)/.exec(description) ?? [];
      if (!article || !word) continue;
      // The catalog's nouns starting with "u" (user) sound "you": "a".
      expect(article === "An", `${name}: ${description}`).toBe(/^[aeio]/i.test(word));
    }
  });
});
