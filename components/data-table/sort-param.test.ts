import { describe, expect, it } from "vitest";
import { sortingOf, sortParamOf } from "./sort-param";

const SORTS = ["createdAt.desc", "createdAt.asc", "name.asc", "name.desc"] as const;

describe("sort in the URL", () => {
  it("reads a column and a direction", () => {
    expect(sortingOf("name.asc")).toEqual([{ id: "name", desc: false }]);
    expect(sortingOf("createdAt.desc")).toEqual([{ id: "createdAt", desc: true }]);
  });

  it("writes an allowed sort back", () => {
    expect(sortParamOf([{ id: "name", desc: true }], SORTS, "createdAt.desc")).toBe("name.desc");
  });

  it("falls back for no sort or a column the list does not sort by", () => {
    expect(sortParamOf([], SORTS, "createdAt.desc")).toBe("createdAt.desc");
    expect(sortParamOf([{ id: "events", desc: false }], SORTS, "createdAt.desc")).toBe(
      "createdAt.desc",
    );
  });
});
