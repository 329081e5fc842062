import {
  createSearchParamsCache,
  parseAsInteger,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { AUDIT_ENTITY_TYPES } from "@/db/schema/enums";

export const AUDIT_RANGES = ["24h", "7d", "30d", "all"] as const;
export type AuditRange = (typeof AUDIT_RANGES)[number];

/** The audit log page's filters and keyset cursor in the URL, for server and client alike. */
export const auditListParsers = {
  actor: parseAsString.withDefault(""),
  entity: parseAsStringLiteral(AUDIT_ENTITY_TYPES),
  q: parseAsString.withDefault(""),
  range: parseAsStringLiteral(AUDIT_RANGES).withDefault("all"),
  older: parseAsInteger,
};

export const auditListCache = createSearchParamsCache(auditListParsers);
