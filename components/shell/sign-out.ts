"use server";

import { getDb } from "@/db";
import { signOut } from "@/lib/auth/config";
import { getCurrentUser } from "@/lib/auth/session";
import { endSessionById } from "@/lib/users/sessions";

export async function signOutAction() {
  // Ended here, where a failure shows, before the cookie goes: a copy of it must stop working.
  // (next-auth's own sign-out route ends it too, in lib/auth/config.ts.)
  const user = await getCurrentUser();
  if (user) await endSessionById(getDb(), user.sessionId);
  await signOut({ redirectTo: "/login" });
}
