import { cache } from "react";
import { redirect } from "next/navigation";
import type { Role, User } from "@/db/schema";
import { auth } from "./config";
import { roleAllows } from "./roles";

export type SessionUser = Pick<User, "id" | "email" | "name" | "role"> & {
  /** The session this request came with (user_sessions.id). */
  sessionId: string;
};

/**
 * The signed-in user, read fresh from the database once per request (by the jwt callback's
 * check of the session, lib/auth/config.ts): the session must still be alive (not signed
 * out, ended or expired) and the user not disabled, and a changed role takes effect at once,
 * whatever the session cookie says.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const user = session?.current;
  const sessionId = session?.sessionId;
  if (!user || !sessionId || user.id !== session.user?.id) return null;
  return { ...user, sessionId };
});

/** For pages: sends a visitor without a session to /login, and one without the role to /. */
export async function requireUser(role: Role = "viewer"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!roleAllows(user.role, role)) redirect(`/webhooks?denied=${role}`);
  return user;
}
