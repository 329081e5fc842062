import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/page-header";
import { getDb } from "@/db";
import { listAudit } from "@/lib/audit/queries";
import { auditListCache } from "@/lib/audit/search-params";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser("admin");
  const state = auditListCache.parse(await searchParams);
  const page = await listAudit(
    getDb(),
    { actor: state.actor, entityType: state.entity, q: state.q, range: state.range },
    state.older,
  );
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, and who revealed a secret, in the console and through the API. Newest first."
      />
      <AuditTable rows={page.rows} olderCursor={page.olderCursor} />
    </>
  );
}
