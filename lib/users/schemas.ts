import { z } from "zod";
import { ROLES } from "@/db/schema/enums";

/** One schema per user operation, for the Settings forms and their server actions. */

/** How long an invitation link works. */
export const INVITE_DAYS = 7;

const roleField = z.enum(ROLES, "Role must be admin, editor or viewer");
export const userIdSchema = z.uuid("Not a user id");

export const inviteUserSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Email is required")
    .max(254, "Email must be at most 254 characters")
    .pipe(z.email("Enter an email address such as ana@example.com")),
  role: roleField,
});

export const changeRoleSchema = z.strictObject({ id: userIdSchema, role: roleField });
export const setUserDisabledSchema = z.strictObject({
  id: userIdSchema,
  disabled: z.boolean("disabled is true or false"),
});
export const userRefSchema = z.strictObject({ id: userIdSchema });

const newPasswordField = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(200, "Use at most 200 characters");

export const changePasswordSchema = z
  .strictObject({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: newPasswordField,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });

export const acceptInviteSchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid"),
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(100, "Name must be at most 100 characters"),
  password: z.string().min(12, "Use at least 12 characters").max(200, "Use at most 200 characters"),
});

/** One of the user's own sessions, by its row id (a SHA-256, hex). */
export const sessionRefSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{64}$/, "Not a session id"),
});
export const noInputSchema = z.strictObject({});

export type InviteUser = z.output<typeof inviteUserSchema>;
export type AcceptInvite = z.output<typeof acceptInviteSchema>;
export type ChangePassword = z.output<typeof changePasswordSchema>;

type AdminCandidate = { id: string; role: string; disabledAt: Date | null };
/**
 * Whether `user` is the only active admin among `users`: then their role cannot change and
 * they cannot be disabled (lib/users/admin.ts refuses both); the page does not offer it.
 */
export function isLastActiveAdmin(user: AdminCandidate, users: AdminCandidate[]) {
  const active = (u: AdminCandidate) => u.role === "admin" && !u.disabledAt;
  return active(user) && users.filter((u) => active(u) && u.id !== user.id).length === 0;
}
