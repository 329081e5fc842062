/** An expected failure a user can act on. Mutations throw it; actions and APIs turn it into a result. */
export class DomainError extends Error {
  constructor(
    public readonly code: "not_found" | "conflict" | "invalid" | "forbidden",
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} was not found.`);

/** Postgres unique violation on the given constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e.code === "23505" && (!constraint || e.constraint === constraint)) return true;
  return e.cause ? isUniqueViolation(e.cause, constraint) : false;
}

/** True for errors that mean the database could not be reached (not a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; cause?: unknown } | null;
  if (!e) return false;
  if (
    typeof e.code === "string" &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|57P0[1-3]|57014|08\w{3})$/.test(e.code)
  )
    return true;
  // pg's own timeouts carry no code: waiting for a pool connection, connecting, a statement.
  const message = (error as { message?: unknown }).message;
  if (
    typeof message === "string" &&
    /^(timeout exceeded when trying to connect|Connection terminated due to connection timeout|Query read timeout)/.test(
      message,
    )
  )
    return true;
  return e.cause ? isDatabaseUnavailable(e.cause) : false;
}
