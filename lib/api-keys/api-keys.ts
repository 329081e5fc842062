import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db";
import { apiKeys, ROLES, type Role } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/mutations";
import { notFound } from "@/lib/errors";

/**
 * API keys for the REST API: `hk_` and 32 random bytes, shown once when created. A key has
 * 256 bits of entropy, so a SHA-256 of it is a safe thing to store and fast to look up on
 * every request (a slow password hash is for guessable secrets).
 */

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export const createApiKeySchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Name the key after who uses it")
    .max(100, "Name must be at most 100 characters"),
  /** What the key may do, as a user of that role may: a back office that publishes needs editor. */
  role: z.enum(ROLES, "Role must be admin, editor or viewer").default("editor"),
  /** A limit of its own, below or above the console's; null keeps the console's. */
  rateLimitPerMinute: z
    .number("Requests per minute must be a number")
    .int("Requests per minute must be a whole number")
    .min(1, "Requests per minute must be at least 1")
    .max(1_000_000, "Requests per minute must be at most 1000000")
    .nullable()
    .default(null),
});
export const apiKeyRefSchema = z.strictObject({ id: z.uuid("Not an API key id") });

export async function createApiKey(
  db: Executor,
  {
    name,
    role,
    rateLimitPerMinute = null,
  }: { name: string; role: Role; rateLimitPerMinute?: number | null },
  actor: Actor,
) {
  const key = `hk_${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name,
        role,
        rateLimitPerMinute,
        prefix: key.slice(0, 10),
        hash: hashKey(key),
        createdBy: actor.id,
      })
      .returning({
        id: apiKeys.id,
        name: apiKeys.name,
        role: apiKeys.role,
        prefix: apiKeys.prefix,
      });
    await recordAudit(tx, actor, {
      entityType: "api_key",
      entityId: row!.id,
      action: "created",
      changes: {
        name: { from: null, to: name },
        role: { from: null, to: role },
        ...(rateLimitPerMinute
          ? { rateLimitPerMinute: { from: null, to: rateLimitPerMinute } }
          : {}),
      },
    });
    return { ...row!, key };
  });
}

export async function revokeApiKey(db: Executor, id: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (!row) throw notFound("API key");
    await recordAudit(tx, actor, { entityType: "api_key", entityId: id, action: "revoked" });
  });
}

export function listApiKeys(db: Executor) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}

/** The key behind an `Authorization: Bearer …` header, or null. */
export async function authenticateApiKey(db: Executor, header: string | null) {
  const key = /^Bearer\s+(hk_[A-Za-z0-9_-]{43})$/.exec(header ?? "")?.[1];
  if (!key) return null;
  const hash = hashKey(key);
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      hash: apiKeys.hash,
      role: apiKeys.role,
      lastUsedAt: apiKeys.lastUsedAt,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  if (!row || !timingSafeEqual(Buffer.from(row.hash), Buffer.from(hash))) return null;
  // Written at most once a minute, not on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, name: row.name, role: row.role, rateLimitPerMinute: row.rateLimitPerMinute };
}
