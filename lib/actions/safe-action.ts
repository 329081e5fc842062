import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import type { Role } from "@/db/schema";
import { getCurrentUser, type SessionUser } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import type { SendEvents } from "@/lib/messages/operations";
import { providedEventSender } from "./event-sender";
import { fieldErrorsOf, type ActionResult } from "./result";

export interface ActionContext {
  user: SessionUser;
  db: Db;
  /** Sends Inngest events to the delivery functions (provided at start: event-sender.ts). */
  send: SendEvents;
}

/**
 * Every server action goes through here: it checks the session and the role, parses the raw
 * input with the operation's schema, runs the mutation and maps expected failures to a typed
 * result. Unexpected errors are logged and answered with a generic message.
 */
export function defineAction<S extends z.ZodType, T>(
  name: string,
  options: { schema: S; role: Role },
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    const user = await getCurrentUser();
    if (!user) {
      return {
        ok: false,
        code: "unauthenticated",
        error: "Your session has ended. Sign in again.",
      };
    }
    if (!roleAllows(user.role, options.role)) {
      return {
        ok: false,
        code: "forbidden",
        error: `Your role (${user.role}) does not allow this. Ask an admin for the ${options.role} role.`,
      };
    }
    return parseAndRun(`${name} for user ${user.id}`, options.schema, raw, (input) =>
      handler(input, { user, db: getDb(), send: providedEventSender }),
    );
  };
}

/**
 * An action for visitors without a session (accepting an invitation): the same parsing and
 * error mapping, and whatever credential it needs travels in its input.
 */
export function definePublicAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: (input: z.output<S>, db: Db) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return (raw) => parseAndRun(name, schema, raw, (input) => handler(input, getDb()));
}

async function parseAndRun<S extends z.ZodType, T>(
  name: string,
  schema: S,
  raw: unknown,
  run: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = await schema.safeParseAsync(raw);
  if (!parsed.success) {
    return {
      ok: false,
      code: "invalid",
      error: "Some fields need attention.",
      fieldErrors: fieldErrorsOf(parsed.error),
    };
  }
  try {
    return { ok: true, data: await run(parsed.data) };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof DomainError) {
      return {
        ok: false,
        code: error.code,
        error: error.message,
        fieldErrors: error.field ? { [error.field]: error.message } : undefined,
      };
    }
    console.error(`[action ${name}] failed:`, error);
    return { ok: false, code: "internal", error: "Something went wrong on our side. Try again." };
  }
}
