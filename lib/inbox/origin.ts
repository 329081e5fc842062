import { headers } from "next/headers";

/** The console's address as the browser reached it, to show full Inbox URLs. */
export async function consoleOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0] ?? "http";
  return `${proto}://${host}`;
}

export const inboxUrl = (origin: string, name: string) => `${origin}/api/inbox/${name}`;
