"use server";

import { AuthError } from "next-auth";
import { ThrottledSignIn, signIn } from "@/lib/auth/config";
import { sameOriginPath } from "@/lib/auth/same-origin-path";

export interface SignInState {
  error?: string;
  email?: string;
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password.", email };
  try {
    await signIn("credentials", { email, password, redirectTo: sameOriginPath(form.get("next")) });
    return {};
  } catch (error) {
    if (
      error instanceof ThrottledSignIn ||
      (error instanceof AuthError && "code" in error && error.code === "throttled")
    ) {
      return {
        error: "Too many failed sign-ins for this account. Wait a few minutes and try again.",
        email,
      };
    }
    if (error instanceof AuthError) return { error: "Wrong email or password.", email };
    throw error;
  }
}
