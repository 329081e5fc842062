import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The console as a person's browser uses it, over plain HTTP: signing in through Auth.js's
 * credentials flow, loading a page, and calling a server action the way its form does
 * (as e2e/forged-actions.spec.ts crafts them).
 */

const root = path.resolve(import.meta.dirname, "../..");

/** `name=value` pairs of the Set-Cookie headers of a response, for a Cookie header. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

export class ConsoleClient {
  private cookies: string[] = [];

  constructor(readonly base: string) {}

  /** Signs in with email and password as the login form does; throws when refused. */
  async signIn(email: string, password: string) {
    const csrf = await fetch(`${this.base}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const answer = await fetch(`${this.base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookiesOf(csrf).join("; "),
      },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
      redirect: "manual",
    });
    await answer.body?.cancel();
    this.cookies = cookiesOf(answer).filter((c) => !c.endsWith("="));
    if (!this.cookies.some((c) => c.startsWith("authjs.session-token="))) {
      throw new Error(`signing in as ${email} failed (${answer.status})`);
    }
  }

  /**
   * Loads a page as the browser's first request would, body and all; returns the time to the
   * last byte in ms. Throws unless it answers 200 with `expect` in it (a sign-in redirect or
   * an error page would otherwise pass for a fast page).
   */
  async timePage(pagePath: string, expect: string): Promise<number> {
    const start = performance.now();
    const answer = await fetch(`${this.base}${pagePath}`, {
      headers: { cookie: this.cookies.join("; ") },
      redirect: "manual",
    });
    const text = await answer.text();
    const ms = performance.now() - start;
    if (answer.status !== 200 || !text.includes(expect)) {
      throw new Error(`${pagePath} answered ${answer.status} without "${expect}"`);
    }
    return ms;
  }

  /**
   * Calls the server action `exportedName` of `file` with `argument`, as its form would, on a
   * page that serves it; the action id comes from the build's manifest (HOOKYARD_DIST_DIR).
   */
  async callAction(file: string, exportedName: string, argument: unknown) {
    const distDir = path.join(root, process.env.HOOKYARD_DIST_DIR || ".next");
    const manifest = JSON.parse(
      readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
    ) as {
      node: Record<string, { filename: string; exportedName: string; workers: object }>;
    };
    const found = Object.entries(manifest.node).find(
      ([, entry]) => entry.filename === file && entry.exportedName === exportedName,
    );
    if (!found) throw new Error(`${exportedName} is not in the build's server-action manifest`);
    const [id, { workers }] = found;
    // `app/(console)/settings/page` → `/settings`
    const page =
      Object.keys(workers)[0]!
        .replace(/^app/, "")
        .replace(/\/\([^)]+\)/g, "")
        .replace(/\/page$/, "") || "/";
    const answer = await fetch(`${this.base}${page}`, {
      method: "POST",
      headers: {
        "Next-Action": id,
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
        Origin: this.base,
        cookie: this.cookies.join("; "),
      },
      body: JSON.stringify([argument]),
      redirect: "manual",
    });
    const text = await answer.text();
    if (answer.status !== 200) throw new Error(`${exportedName} answered ${answer.status}`);
    return text;
  }
}
