import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { attemptSignIn } from "@/lib/users/mutations";
import { clientAddress } from "./client-address";
import {
  SESSION_IDLE_SECONDS,
  endSessionById,
  sessionRowId,
  startSession,
  checkSession,
  type LiveSessionUser,
} from "@/lib/users/sessions";

declare module "next-auth" {
  interface User {
    /** The new session's raw id, from sign-in to the token. */
    sid?: string;
  }
  interface Session {
    /** The session's row id (user_sessions.id): a hash, not the cookie's secret. */
    sessionId?: string;
    /** The user as this request's check of the session found them (lib/auth/session.ts). */
    current?: LiveSessionUser;
  }
}

/** What the jwt callback leaves for the session callback, on the token of this request only. */
const CURRENT = Symbol("current user");

export class ThrottledSignIn extends CredentialsSignin {
  override code = "throttled";
  constructor(public retryAt: Date) {
    super();
  }
}

const credentialsSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is an expected outcome, answered on the form; not a server error.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const db = getDb();
        const address = clientAddress(request.headers, env().HOOKYARD_TRUSTED_PROXIES);
        const { email: account, password } = parsed.data;
        const result = await attemptSignIn(db, account, password, { address });
        if (result.ok) {
          const { id, email, name } = result.user;
          const sid = await startSession(db, id, {
            userAgent: request.headers.get("user-agent"),
            address,
          });
          return { id, email, name, sid };
        }
        if (result.reason === "throttled") throw new ThrottledSignIn(result.retryAt);
        return null;
      },
    }),
  ],
  callbacks: {
    /**
     * At sign-in the token takes the user and the new session; on every later use the session
     * must still be alive (lib/users/sessions.ts). A null token ends it: next-auth answers
     * "no session" and clears the cookie where it can.
     */
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sid = user.sid;
        return token;
      }
      if (typeof token.uid !== "string" || typeof token.sid !== "string") return null;
      const current = await checkSession(getDb(), token.sid, token.uid);
      if (!current) return null;
      // Handed to the session callback beside the token, never written into the cookie:
      // a symbol key is not serialised.
      return Object.assign(token, { [CURRENT]: current });
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sid === "string") session.sessionId = sessionRowId(token.sid);
      const current = (token as { [CURRENT]?: LiveSessionUser })[CURRENT];
      if (current) session.current = current;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSessionById(getDb(), sessionRowId(sid));
    },
  },
});
