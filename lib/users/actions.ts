"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/safe-action";
import { fieldErrorsOf, type ActionResult } from "@/lib/actions/result";
import { DomainError } from "@/lib/errors";
import { getDb } from "@/db";
import { acceptInvite, changeUserRole, inviteUser, reinviteUser, setUserDisabled } from "./admin";
import {
  acceptInviteSchema,
  changeRoleSchema,
  inviteUserSchema,
  setUserDisabledSchema,
  userRefSchema,
} from "./schemas";

/* Users are an admin's to manage, from Settings. */

export const inviteUserAction = defineAction(
  "inviteUser",
  { schema: inviteUserSchema, role: "admin" },
  async (input, { db, user }) => {
    const invited = await inviteUser(db, input, user);
    revalidatePath("/settings");
    return { email: invited.email, token: invited.token };
  },
);

export const reinviteUserAction = defineAction(
  "reinviteUser",
  { schema: userRefSchema, role: "admin" },
  async ({ id }, { db, user }) => {
    const invited = await reinviteUser(db, id, user);
    revalidatePath("/settings");
    return { email: invited.email, token: invited.token };
  },
);

export const changeUserRoleAction = defineAction(
  "changeUserRole",
  { schema: changeRoleSchema, role: "admin" },
  async ({ id, role }, { db, user }) => {
    await changeUserRole(db, id, role, user);
    revalidatePath("/settings");
  },
);

export const setUserDisabledAction = defineAction(
  "setUserDisabled",
  { schema: setUserDisabledSchema, role: "admin" },
  async ({ id, disabled }, { db, user }) => {
    await setUserDisabled(db, id, disabled, user);
    revalidatePath("/settings");
  },
);

/** The invitee's form: no session yet, the link's token is the credential. */
export async function acceptInviteAction(raw: unknown): Promise<ActionResult<never>> {
  const parsed = acceptInviteSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      code: "invalid",
      error: "Some fields need attention.",
      fieldErrors: fieldErrorsOf(parsed.error),
    };
  }
  let email: string;
  try {
    email = (await acceptInvite(getDb(), parsed.data)).email;
  } catch (error) {
    if (error instanceof DomainError) {
      return { ok: false, code: error.code, error: error.message };
    }
    console.error("[action acceptInvite] failed:", error);
    return { ok: false, code: "internal", error: "Something went wrong on our side. Try again." };
  }
  redirect(`/login?email=${encodeURIComponent(email)}&welcome=1`);
}
