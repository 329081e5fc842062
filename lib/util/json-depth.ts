/**
 * How deep JSON given to Hookyard may nest: far beyond any real payload (Stripe's deepest
 * objects are under 10 levels), and far below what makes a JSON.stringify, an XML builder or
 * a page that renders the payload run out of stack or time (a 24 KB payload nested 4,000 deep
 * took message detail 30 s).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `value` nests objects and arrays more than `limit` levels deep (a flat object is
 * one level). Walks without recursion, and stops at the first path past the limit, so a
 * value nested 100,000 deep is answered at once rather than overflowing the stack.
 */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth > limit) return true;
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      if (inner !== null && typeof inner === "object") stack.push([inner, depth + 1]);
    }
  }
  return false;
}

/** A message naming the field and the limit, for the schemas that take JSON. */
export const tooDeep = (field: string) =>
  `${field} must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep`;
