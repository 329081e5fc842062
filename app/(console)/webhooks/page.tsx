import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";

export default async function WebhooksPage() {
  await requireUser();
  return (
    <PageHeader title="Webhooks" description="Endpoints that receive your platform's events." />
  );
}
