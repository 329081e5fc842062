import { Environment, type ASTNode } from "@marcbachmann/cel-js";
import safeRegex from "safe-regex2";

/**
 * Payload filters: a CEL expression over the event as a webhook's receiver would get it,
 * `event.type`, `event.product`, `event.data` (the payload) and `event.custom_data` (the
 * webhook's custom data). An event that does not match makes no message for the webhook; one
 * whose filter fails while it runs (a missing field, a type mismatch) counts as no match and
 * is counted apart in the webhook's statistics.
 *
 * Used by the publishing path and, in the browser, by the form's live check and preview: no
 * server-only imports here.
 */

export const FILTER_MAX_LENGTH = 2000;
/** Comprehensions (`all`, `exists`, `map`, …) inside comprehensions would cost n² and more. */
const COMPREHENSIONS = new Set(["all", "exists", "exists_one", "map", "filter"]);

const environment = new Environment({
  enableOptionalTypes: true,
  limits: { maxAstNodes: 400, maxDepth: 32, maxListElements: 100, maxMapEntries: 100 },
}).registerVariable("event", "map");

export const FILTER_EXAMPLE = 'event.data.amount > 1000 && event.product == "PRD-1"';

/** The event a filter sees: the fields every payload format carries. */
export interface FilterEvent {
  type: string;
  product: string | null;
  data: unknown;
  customData: Record<string, unknown> | null;
}

type Program = ReturnType<Environment["parse"]>;

export type FilterCheck = { ok: true; program: Program } | { ok: false; error: string };

/** CEL's messages end with the expression and a caret under the spot: keep the first line. */
function firstLine(error: unknown) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.trim();
}

/** Where in the expression an error points, as a column for the message. */
function withColumn(error: unknown) {
  const text = error instanceof Error ? error.message : String(error);
  const caret = text.split("\n").find((line) => /^\s*\^\s*$/.test(line));
  const source = text.split("\n").find((line) => /^>\s+\d+ \| /.test(line));
  if (!caret || !source) return firstLine(error);
  const column = caret.indexOf("^") - source.indexOf("|") - 1;
  return column > 0 ? `${firstLine(error)} (at column ${column})` : firstLine(error);
}

/** A child's nodes, whatever the operator's argument shape. */
function children(node: ASTNode): ASTNode[] {
  const out: ASTNode[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object" && "op" in value) out.push(value as ASTNode);
  };
  visit(node.args);
  return out;
}

/** Rules CEL itself does not have, that keep a filter's run time linear in the payload. */
function costProblem(node: ASTNode, inComprehension = false): string | null {
  const [name, ...rest] = Array.isArray(node.args) ? node.args : [];
  if ((node.op === "rcall" || node.op === "call") && typeof name === "string") {
    if (COMPREHENSIONS.has(name) && node.op === "rcall") {
      if (inComprehension) return `${name}() inside another list macro is not allowed`;
      for (const child of children(node)) {
        const problem = costProblem(child, true);
        if (problem) return problem;
      }
      return null;
    }
    if (name === "matches") {
      const args = (node.op === "rcall" ? rest[1] : rest[0]) as ASTNode[] | undefined;
      const pattern = args?.[args.length - 1];
      if (!pattern || pattern.op !== "value" || typeof pattern.args !== "string") {
        return "matches() takes its pattern as a quoted string";
      }
      if (!safeRegex(pattern.args) || /\([^)]*\|[^)]*\)\s*[*+{]/.test(pattern.args)) {
        return `The pattern "${pattern.args}" repeats a repetition or an alternative: it could take exponential time`;
      }
    }
  }
  for (const child of children(node)) {
    const problem = costProblem(child, inComprehension);
    if (problem) return problem;
  }
  return null;
}

const cache = new Map<string, FilterCheck>();

/** Parses and checks a filter; the answer names what is wrong, and where. Cached by text. */
export function checkFilter(text: string): FilterCheck {
  const known = cache.get(text);
  if (known) return known;
  const result = compile(text);
  if (cache.size >= 500) cache.delete(cache.keys().next().value!);
  cache.set(text, result);
  return result;
}

function compile(text: string): FilterCheck {
  if (!text.trim()) return { ok: false, error: "The filter is empty" };
  if (text.length > FILTER_MAX_LENGTH) {
    return { ok: false, error: `A filter is at most ${FILTER_MAX_LENGTH} characters` };
  }
  let program: Program;
  try {
    program = environment.parse(text);
  } catch (error) {
    return { ok: false, error: withColumn(error) };
  }
  const checked = program.check();
  if (!checked.valid) return { ok: false, error: withColumn(checked.error) };
  if (checked.type !== "bool" && checked.type !== "dyn") {
    return {
      ok: false,
      error: `A filter must be true or false; this one gives ${checked.type}`,
    };
  }
  const problem = costProblem(program.ast);
  if (problem) return { ok: false, error: problem };
  return { ok: true, program };
}

/**
 * JSON as CEL expects it: whole numbers as CEL ints (BigInt), so `event.data.count + 1 == 2`
 * works as written; other numbers stay doubles.
 */
function celValue(value: unknown): unknown {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(celValue);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = celValue(inner);
    return out;
  }
  return value;
}

/** What a filter runs on: the event, as `event`. */
export function filterContext(event: FilterEvent) {
  return {
    event: {
      type: event.type,
      product: event.product,
      data: celValue(event.data),
      custom_data: celValue(event.customData ?? {}),
    },
  };
}

/**
 * The same event for another webhook: the payload is converted once per event, and only the
 * custom data (each webhook's own) per webhook.
 */
export function withCustomData(
  context: ReturnType<typeof filterContext>,
  customData: Record<string, unknown> | null,
) {
  return { event: { ...context.event, custom_data: celValue(customData ?? {}) } };
}

export type FilterOutcome = { match: true } | { match: false; error: string | null };

/** Runs a checked filter. Anything but `true` is no match; a failure says why. */
export function runFilter(program: Program, context: ReturnType<typeof filterContext>) {
  try {
    const value = program(context);
    if (value === true) return { match: true } as const;
    return {
      match: false,
      error:
        typeof value === "boolean" ? null : `The filter gave ${String(value)}, not true or false`,
    } as const;
  } catch (error) {
    return { match: false, error: firstLine(error) } as const;
  }
}

/** Matches `text` against an event; a filter that does not compile matches nothing. */
export function filterMatches(text: string, event: FilterEvent): FilterOutcome {
  const checked = checkFilter(text);
  if (!checked.ok) return { match: false, error: checked.error };
  return runFilter(checked.program, filterContext(event));
}

export interface FilterExplanation {
  outcome: FilterOutcome;
  /** Why, in words: the first condition that failed, or the error. */
  reason: string;
}

/** The conditions joined by a top-level `&&` (or `||`), as source text. */
function conditions(text: string, node: ASTNode, op: "&&" | "||"): string[] {
  if (node.op !== op) return [text.slice(node.start, node.end)];
  const [left, right] = node.args as [ASTNode, ASTNode];
  return [...conditions(text, left, op), ...conditions(text, right, op)];
}

/** For the form's preview: matches or not, and why, tried against an example event. */
export function explainFilter(text: string, event: FilterEvent): FilterExplanation {
  const checked = checkFilter(text);
  if (!checked.ok)
    return { outcome: { match: false, error: checked.error }, reason: checked.error };
  const context = filterContext(event);
  const outcome = runFilter(checked.program, context);
  if (outcome.match) return { outcome, reason: "Every condition holds." };
  if (outcome.error) {
    return { outcome, reason: `${outcome.error}: a filter that fails counts as no match.` };
  }
  const root = checked.program.ast;
  if (root.op === "&&") {
    for (const part of conditions(text, root, "&&")) {
      const sub = checkFilter(part);
      const result = sub.ok ? runFilter(sub.program, context) : null;
      if (result && !result.match) {
        return {
          outcome,
          reason: result.error ? `${part} fails: ${result.error}.` : `${part} is false.`,
        };
      }
    }
  }
  if (root.op === "||") return { outcome, reason: "None of the alternatives holds." };
  return { outcome, reason: `${text.trim()} is false.` };
}
