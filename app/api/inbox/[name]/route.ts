import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { takeToken } from "@/lib/api/rate-limit";
import { env } from "@/lib/env";
import {
  INBOX_BODY_LIMIT,
  INBOX_MAX_NAMES,
  INBOX_NAME_RE,
  recordInboxRequest,
} from "@/lib/inbox/inbox";
import { readBodyCapped } from "@/lib/util/read-body";

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
  // Anyone may call it: at most HOOKYARD_INBOX_RATE_LIMIT requests a minute, all inboxes together.
  const wait = takeToken("inbox:*", env().HOOKYARD_INBOX_RATE_LIMIT);
  if (wait > 0) {
    return NextResponse.json(
      { error: `The Inbox takes at most ${env().HOOKYARD_INBOX_RATE_LIMIT} requests a minute` },
      { status: 429, headers: { "retry-after": String(wait) } },
    );
  }
  // Read no further than what is kept: a body of any size costs at most INBOX_BODY_LIMIT.
  const { text: body, size, truncated } = await readBodyCapped(request, INBOX_BODY_LIMIT);
  try {
    const row = await recordInboxRequest(getDb(), {
      inbox: name,
      method: request.method,
      url: url.pathname + url.search,
      headers,
      body,
      size,
      truncated,
      answeredStatus: status,
    });
    if (!row) {
      return NextResponse.json(
        {
          error: `The Inbox keeps at most ${INBOX_MAX_NAMES} inboxes: clear one in the console (/inbox) to open ${name}`,
        },
        { status: 429 },
      );
    }
    return NextResponse.json({ received: true, id: row.id }, { status });
  } catch (error) {
    console.error("[api/inbox] could not record a request:", error);
    return NextResponse.json({ error: "The inbox could not store the request" }, { status: 503 });
  }
}

export { receive as GET, receive as POST, receive as PUT, receive as PATCH, receive as DELETE };
