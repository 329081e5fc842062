import type { Role } from "@/db/schema";

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** True when `role` may do what `needed` may: admin ⊃ editor ⊃ viewer. */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export const can = {
  manageWebhooks: (role: Role) => roleAllows(role, "editor"),
  seeSecrets: (role: Role) => roleAllows(role, "editor"),
  administer: (role: Role) => roleAllows(role, "admin"),
};
