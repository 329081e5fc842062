import { cache } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { Role, User } from "@/db/schema";
import { findUserById } from "@/lib/users/queries";
import { auth } from "./config";
import { roleAllows } from "./roles";

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

/**
 * The signed-in user, read fresh from the database once per request so a changed role or a
 * disabled account takes effect at once, whatever the session cookie says.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findUserById(getDb(), id);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** For pages: sends a visitor without a session to /login, and one without the role to /. */
export async function requireUser(role: Role = "viewer"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!roleAllows(user.role, role)) redirect("/webhooks?denied=1");
  return user;
}
