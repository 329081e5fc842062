import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { messages, webhooks, type StoredHeader, type Webhook } from "@/db/schema";
import { diff, recordAudit, type Actor } from "@/lib/audit/mutations";
import { decryptSecret, encryptSecret, generateWebhookSecret } from "@/lib/crypto/secrets";
import { cancelMessagesWhere, type SendEvents } from "@/lib/messages/operations";
import { DomainError, isUniqueViolation, notFound } from "@/lib/errors";
import { listEventTypes, unknownPatterns } from "@/lib/event-types/queries";
import { isCredentialName, maskUrl, shownHeaders } from "./credentials";
import { newWebhookId } from "./ids";
import { sealHeaders, sealUrl } from "./sealed";
import {
  SECRET_GRACE_DEFAULT_SECONDS,
  type CreateWebhook,
  type UpdateCustomData,
  type UpdateGeneral,
  type UpdateHttp,
} from "./schemas";

const ENTITY = "webhook";
const NAME_TAKEN = () =>
  new DomainError("conflict", "A webhook with this name already exists", "name");

async function assertKnownEventTypes(db: Executor, patterns: string[]) {
  const known = (await listEventTypes(db)).map((t) => t.name);
  const unknown = unknownPatterns(patterns, known);
  if (unknown.length) {
    throw new DomainError("invalid", `Unknown event type: ${unknown.join(", ")}`, "eventTypes");
  }
}

/**
 * Stored columns from the form's HTTP fields: timeouts are typed in seconds, credentials are
 * sealed, and one sent back masked keeps what `before` has.
 */
function httpColumns(input: Omit<UpdateHttp, "id">, before?: Webhook) {
  const { connectTimeoutSeconds, responseTimeoutSeconds, retrySchedule, retryOn, ...rest } = input;
  const custom = input.retryPolicy === "custom";
  return {
    ...rest,
    headers: sealHeaders(input.headers, before?.headers),
    ...sealUrl(input.url, before),
    connectTimeoutMs: Math.round(connectTimeoutSeconds * 1000),
    responseTimeoutMs: Math.round(responseTimeoutSeconds * 1000),
    retrySchedule: custom ? retrySchedule : null,
    retryOn: custom
      ? retryOn
      : input.retryPolicy === "5xx_3x5min"
        ? ("5xx" as const)
        : ("non_2xx" as const),
  };
}

/** Headers as the audit log shows them: `{ name: value }`, credentials masked. */
function auditedHeaders(headers: StoredHeader[], replaced: string[] = []) {
  return Object.fromEntries(
    shownHeaders(headers).map((h) => [
      h.name,
      replaced.includes(h.name) ? `${h.value} (replaced)` : h.value,
    ]),
  );
}

/** What the audit log may show of a webhook: everything but its secret and credentials. */
function auditable(webhook: Partial<Webhook>) {
  const {
    secretEncrypted: _secret,
    previousSecretEncrypted: _previousSecret,
    previousSecretExpiresAt: _previousUntil,
    urlSealed: _urlSealed,
    headers,
    createdAt: _c,
    updatedAt: _u,
    createdBy: _cb,
    updatedBy: _ub,
    lastSuccessAt: _ls,
    lastFailureAt: _lf,
    failingSince: _fs,
    ...rest
  } = webhook;
  return headers ? { ...rest, headers: auditedHeaders(headers) } : rest;
}

/**
 * What changed, as the audit log shows it. A credential replaced by another looks the same
 * masked; it is still written down as changed, with no value on either side.
 */
function auditChanges(before: Partial<Webhook>, after: Partial<Webhook>) {
  const changes = diff(auditable(before), auditable(after));
  if (after.urlSealed !== undefined && after.urlSealed !== before.urlSealed && !changes.url) {
    changes.url = { from: before.url, to: `${after.url} (credential replaced)` };
  }
  if (after.headers && !changes.headers) {
    const was = new Map(before.headers?.map((h) => [h.name, h.sealed]));
    const replaced = after.headers
      .filter((h) => h.sealed !== undefined && h.sealed !== was.get(h.name))
      .map((h) => h.name);
    if (replaced.length) {
      changes.headers = {
        from: auditedHeaders(before.headers ?? []),
        to: auditedHeaders(after.headers, replaced),
      };
    }
  }
  return changes;
}

export async function createWebhook(
  db: Executor,
  input: CreateWebhook,
  actor: Actor,
): Promise<Webhook> {
  await assertKnownEventTypes(db, input.eventTypes);
  const { customData, ...rest } = input;
  const values = {
    ...httpColumns(rest),
    name: input.name,
    description: input.description,
    enabled: input.enabled,
    eventTypes: input.eventTypes,
    product: input.product,
    customData,
    secretEncrypted: encryptSecret(generateWebhookSecret()),
    createdBy: actor.id,
    updatedBy: actor.id,
  };
  // Ids are random; a clash with an existing one is rare and simply drawn again.
  for (let attempt = 0; ; attempt++) {
    try {
      const webhook = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(webhooks)
          .values({ ...values, id: newWebhookId() })
          .returning();
        await recordAudit(tx, actor, {
          entityType: ENTITY,
          entityId: row!.id,
          action: "created",
          changes: diff({}, auditable(row!)),
        });
        return row!;
      });
      return webhook;
    } catch (error) {
      if (isUniqueViolation(error, "webhooks_name_key")) throw NAME_TAKEN();
      if (isUniqueViolation(error, "webhooks_pkey") && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * Applies a patch (or one made from the webhook as it is) in one transaction and writes what
 * changed to the audit log.
 */
async function patchWebhook(
  db: Executor,
  id: string,
  patchOf: Partial<Webhook> | ((before: Webhook) => Partial<Webhook>),
  actor: Actor,
  action = "updated",
): Promise<Webhook> {
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(webhooks).where(eq(webhooks.id, id)).for("update");
      if (!before) throw notFound("Webhook");
      const patch = typeof patchOf === "function" ? patchOf(before) : patchOf;
      const changes = auditChanges(before, patch);
      if (Object.keys(changes).length === 0 && action === "updated") return before;
      const [after] = await tx
        .update(webhooks)
        .set({ ...patch, updatedAt: new Date(), updatedBy: actor.id })
        .where(eq(webhooks.id, id))
        .returning();
      await recordAudit(tx, actor, { entityType: ENTITY, entityId: id, action, changes });
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error, "webhooks_name_key")) throw NAME_TAKEN();
    throw error;
  }
}

export async function updateWebhookGeneral(db: Executor, input: UpdateGeneral, actor: Actor) {
  const { id, ...patch } = input;
  await assertKnownEventTypes(db, patch.eventTypes);
  return patchWebhook(
    db,
    id,
    { ...patch, ...(patch.enabled ? { disabledReason: null } : {}) },
    actor,
  );
}

export async function updateWebhookHttp(db: Executor, input: UpdateHttp, actor: Actor) {
  const { id, ...rest } = input;
  return patchWebhook(db, id, (before) => httpColumns(rest, before), actor);
}

/** Every field at once (the REST API's PATCH, after merging the patch over the webhook). */
export async function updateWebhook(db: Executor, id: string, input: CreateWebhook, actor: Actor) {
  await assertKnownEventTypes(db, input.eventTypes);
  const { customData, name, description, enabled, eventTypes, product, ...http } = input;
  return patchWebhook(
    db,
    id,
    (before) => ({
      ...httpColumns(http, before),
      name,
      description,
      enabled,
      eventTypes,
      product,
      customData,
      ...(enabled ? { disabledReason: null } : {}),
    }),
    actor,
  );
}

export async function updateWebhookCustomData(db: Executor, input: UpdateCustomData, actor: Actor) {
  return patchWebhook(db, input.id, { customData: input.customData }, actor);
}

export async function setWebhookEnabled(
  db: Executor,
  id: string,
  enabled: boolean,
  actor: Actor,
  reason: string | null = null,
) {
  return patchWebhook(
    db,
    id,
    { enabled, disabledReason: enabled ? null : reason },
    actor,
    enabled ? "enabled" : "disabled",
  );
}

export async function deleteWebhook(db: Executor, id: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(webhooks).where(eq(webhooks.id, id)).returning();
    if (!deleted) throw notFound("Webhook");
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: id,
      action: "deleted",
      changes: { name: { from: deleted.name, to: null } },
    });
  });
}

/**
 * Deletes a webhook after cancelling its pending messages, so that no run attempts them
 * afterwards. With `force` false it refuses while messages are pending (Apigee's
 * `forceDelete=false`).
 */
export async function removeWebhook(
  db: Executor,
  send: SendEvents,
  id: string,
  actor: Actor,
  { force = true }: { force?: boolean } = {},
) {
  const pendingWhere = and(
    eq(messages.webhookId, id),
    inArray(messages.status, ["created", "retrying"]),
  )!;
  if (!force) {
    const [row] = await db.select({ n: count() }).from(messages).where(pendingWhere);
    if (row && row.n > 0) {
      throw new DomainError(
        "conflict",
        `The webhook has ${row.n} pending message${row.n === 1 ? "" : "s"}; cancel them or delete with forceDelete=true`,
      );
    }
  }
  // An unknown id has no pending messages to cancel; deleteWebhook answers it with 404.
  await cancelMessagesWhere(db, pendingWhere);
  await deleteWebhook(db, id, actor);
}

/**
 * A new signing secret. The one it replaces keeps signing beside it for `graceSeconds`
 * (Standard Webhooks deliveries carry both signatures meanwhile), so receivers can switch
 * without downtime; 0 drops it at once. Returns until when the old one works.
 */
export async function regenerateWebhookSecret(
  db: Executor,
  id: string,
  actor: Actor,
  { graceSeconds = SECRET_GRACE_DEFAULT_SECONDS }: { graceSeconds?: number } = {},
  now: Date = new Date(),
): Promise<{ previousSecretExpiresAt: Date | null }> {
  const previousSecretExpiresAt =
    graceSeconds > 0 ? new Date(now.getTime() + graceSeconds * 1000) : null;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({
        secretEncrypted: encryptSecret(generateWebhookSecret()),
        // The old ciphertext moves over as it is (the update reads the row's value).
        previousSecretEncrypted: previousSecretExpiresAt ? sql`${webhooks.secretEncrypted}` : null,
        previousSecretExpiresAt,
        updatedAt: now,
        updatedBy: actor.id,
      })
      .where(eq(webhooks.id, id))
      .returning({ id: webhooks.id });
    if (!row) throw notFound("Webhook");
    await recordAudit(tx, actor, {
      entityType: ENTITY,
      entityId: id,
      action: "secret.regenerated",
      changes: {
        previousSecretValidUntil: {
          from: null,
          to: previousSecretExpiresAt?.toISOString() ?? "ended at once",
        },
      },
    });
  });
  return { previousSecretExpiresAt };
}

/** The plain secret, for a person allowed to see it; each reveal is written to the audit log. */
export async function revealWebhookSecret(db: Executor, id: string, actor: Actor): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ secretEncrypted: webhooks.secretEncrypted })
      .from(webhooks)
      .where(eq(webhooks.id, id));
    if (!row) throw notFound("Webhook");
    await recordAudit(tx, actor, { entityType: ENTITY, entityId: id, action: "secret.revealed" });
    return decryptSecret(row.secretEncrypted);
  });
}

/**
 * Encrypts the credentials of webhooks saved before they were kept sealed (at start, after the
 * migrations): header values under credential names, and URLs with credential parameters.
 * Returns how many webhooks changed; a second run finds none.
 */
export async function sealStoredCredentials(db: Executor, encryptionKey: Buffer): Promise<number> {
  const rows = await db
    .select({ id: webhooks.id, url: webhooks.url, headers: webhooks.headers })
    .from(webhooks)
    .where(
      and(
        isNull(webhooks.urlSealed),
        sql`(${webhooks.url} like '%?%' or ${webhooks.headers} <> '[]')`,
      ),
    );
  let changed = 0;
  for (const row of rows) {
    let sealedAny = false;
    const headers = row.headers.map((h) => {
      if (h.value === undefined || !isCredentialName(h.name)) return h;
      sealedAny = true;
      return { name: h.name, sealed: encryptSecret(h.value, encryptionKey) };
    });
    const url = maskUrl(row.url);
    if (!sealedAny && url === row.url) continue;
    await db
      .update(webhooks)
      .set({
        headers,
        url,
        urlSealed: url === row.url ? null : encryptSecret(row.url, encryptionKey),
      })
      .where(eq(webhooks.id, row.id));
    changed++;
  }
  return changed;
}
