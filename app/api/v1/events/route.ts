import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { sendEvents } from "@/inngest/client";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { enqueueMessages } from "@/lib/delivery/message-actions";
import { publishEvent } from "@/lib/delivery/publish";
import { MAX_EVENT_BYTES, publishEventSchema } from "@/lib/delivery/schemas";
import { isActiveEventType } from "@/lib/event-types/queries";

export const dynamic = "force-dynamic";

const problem = (status: number, error: string, fields?: Record<string, string>) =>
  NextResponse.json({ error, ...(fields ? { fields } : {}) }, { status });

/**
 * Publishes an event: `{type, product?, payload, idempotencyKey?}` with an API key. Answers
 * 202 only once the event and its messages are stored; a repeated idempotency key gets the
 * first answer again.
 */
export async function POST(request: Request) {
  const db = getDb();
  let key;
  try {
    key = await authenticateApiKey(db, request.headers.get("authorization"));
  } catch {
    return problem(503, "The database is unavailable; nothing was stored. Retry later.");
  }
  if (!key) return problem(401, "Send a valid API key as Authorization: Bearer hk_…");

  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_EVENT_BYTES) {
    return problem(413, `The event is larger than ${MAX_EVENT_BYTES / 1024} KiB`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return problem(400, "The body is not valid JSON");
  }
  const parsed = publishEventSchema.safeParse(json);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const path =
        issue.path.join(".") ||
        (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "body");
      fields[path] ??= issue.message;
    }
    return problem(
      400,
      `Invalid event: ${Object.entries(fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join("; ")}`,
      fields,
    );
  }
  const input = parsed.data;

  let published;
  try {
    if (!(await isActiveEventType(db, input.type))) {
      return problem(422, `Unknown event type ${input.type}`, {
        type: "Not in the event type catalog",
      });
    }
    published = await publishEvent(db, { ...input, source: "api" });
  } catch (error) {
    console.error("[api/v1/events] could not store an event:", error);
    return problem(503, "The event could not be stored; nothing was accepted. Retry later.");
  }
  if (!published.replay && published.messages.length) {
    // Stored is accepted: if handing over fails now, the sweeper re-sends Created messages.
    await enqueueMessages(sendEvents, published.messages).catch((error: unknown) =>
      console.error("[api/v1/events] enqueue failed; will be swept:", error),
    );
  }
  return NextResponse.json(
    { id: published.eventId, messages: published.messageCount },
    { status: 202, headers: published.replay ? { "Idempotent-Replayed": "true" } : {} },
  );
}
