import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { INBOX_NAME_RE, recordInboxRequest } from "@/lib/inbox/inbox";

export const dynamic = "force-dynamic";

/**
 * The Inbox endpoint: records any request and answers 200, or the status asked for with
 * `?status=503` (to watch retries happen).
 */
async function receive(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (!INBOX_NAME_RE.test(name)) {
    return NextResponse.json(
      { error: "Inbox names use 1 to 64 letters, digits, - and _" },
      { status: 400 },
    );
  }
  const url = new URL(request.url);
  const asked = Number(url.searchParams.get("status") ?? 200);
  const status = Number.isInteger(asked) && asked >= 200 && asked <= 599 ? asked : 200;
  const headers: Record<string, string> = {};
  // A browser visiting the URL would send the console's own session cookie: never keep it.
  request.headers.forEach((value, key) => {
    if (key !== "cookie") headers[key] = value;
  });
  const body = await request.text();
  try {
    const row = await recordInboxRequest(getDb(), {
      inbox: name,
      method: request.method,
      url: url.pathname + url.search,
      headers,
      body,
      answeredStatus: status,
    });
    return NextResponse.json({ received: true, id: row.id }, { status });
  } catch (error) {
    console.error("[api/inbox] could not record a request:", error);
    return NextResponse.json({ error: "The inbox could not store the request" }, { status: 503 });
  }
}

export { receive as GET, receive as POST, receive as PUT, receive as PATCH, receive as DELETE };
