"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction, definePublicAction } from "@/lib/actions/safe-action";
import {
  acceptInvite,
  changeOwnPassword,
  changeUserRole,
  inviteUser,
  reinviteUser,
  setUserDisabled,
} from "./admin";
import {
  acceptInviteSchema,
  changePasswordSchema,
  changeRoleSchema,
  inviteUserSchema,
  noInputSchema,
  sessionRefSchema,
  setUserDisabledSchema,
  userRefSchema,
} from "./schemas";
import { endOwnOtherSessions, endOwnSession } from "./sessions";

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

/** Anyone signed in changes their own password (the first admin's is generated). */
export const changePasswordAction = defineAction(
  "changePassword",
  { schema: changePasswordSchema, role: "viewer" },
  async (input, { db, user }) => {
    await changeOwnPassword(db, user, input);
  },
);

/** Anyone signed in ends one of their own sessions, or all but the one they use. */
export const endSessionAction = defineAction(
  "endSession",
  { schema: sessionRefSchema, role: "viewer" },
  async ({ id }, { db, user }) => {
    await endOwnSession(db, user, id);
    revalidatePath("/account");
  },
);

export const endOtherSessionsAction = defineAction(
  "endOtherSessions",
  { schema: noInputSchema, role: "viewer" },
  async (_input, { db, user }) => {
    const ended = await endOwnOtherSessions(db, user);
    revalidatePath("/account");
    return { ended };
  },
);

/** The invitee's form: no session yet, the link's token is the credential. */
export const acceptInviteAction = definePublicAction(
  "acceptInvite",
  acceptInviteSchema,
  async (input, db) => {
    const { email } = await acceptInvite(db, input);
    redirect(`/login?email=${encodeURIComponent(email)}&welcome=1`);
  },
);
