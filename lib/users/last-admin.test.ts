import { describe, expect, it } from "vitest";
import { isLastActiveAdmin } from "./schemas";

const user = (id: string, role: string, disabled = false) => ({
  id,
  role,
  disabledAt: disabled ? new Date() : null,
});

describe("the last active admin (not offered a role change or Disable)", () => {
  it("is the one enabled admin, however many disabled admins and others there are", () => {
    const ada = user("ada", "admin");
    const users = [ada, user("old", "admin", true), user("ed", "editor"), user("vi", "viewer")];
    expect(isLastActiveAdmin(ada, users)).toBe(true);
    expect(isLastActiveAdmin(users[2]!, users)).toBe(false);
    expect(isLastActiveAdmin(users[1]!, users)).toBe(false);
  });

  it("is nobody while a second admin is enabled", () => {
    const ada = user("ada", "admin");
    const bo = user("bo", "admin");
    expect(isLastActiveAdmin(ada, [ada, bo])).toBe(false);
    expect(isLastActiveAdmin(bo, [ada, bo])).toBe(false);
  });
});
