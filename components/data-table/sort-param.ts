import type { SortingState } from "@tanstack/react-table";

/** A `column.direction` URL value (`createdAt.desc`) as TanStack sorting state. */
export function sortingOf(sort: string): SortingState {
  const [id, direction] = sort.split(".");
  return [{ id: id!, desc: direction === "desc" }];
}

/** TanStack sorting state as a URL value, if the list allows it; else the fallback. */
export function sortParamOf<S extends string>(
  sorting: SortingState,
  allowed: readonly S[],
  fallback: S,
): S {
  const first = sorting[0];
  if (!first) return fallback;
  const candidate = `${first.id}.${first.desc ? "desc" : "asc"}`;
  return (allowed as readonly string[]).includes(candidate) ? (candidate as S) : fallback;
}
