import { Pencil } from "lucide-react";
import { Link } from "@/components/ui/link";
import { FORMAT_LABELS, SIGNING_LABELS } from "@/components/webhook-form/labels";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, Properties } from "@/components/ui/card";
import type { HttpMethod, PayloadFormat, SigningMethod } from "@/db/schema/enums";

/**
 * Where a webhook's messages go and how they are signed, on its Details tab, with the way to
 * change it. The URL is shown as stored, its credentials already masked
 * (lib/webhooks/credentials.ts); the signing scheme is named, its secret never shown.
 */
export function DeliveryCard({
  id,
  url,
  method,
  format,
  signing,
  canManage,
}: {
  id: string;
  url: string;
  method: HttpMethod;
  format: PayloadFormat;
  signing: SigningMethod;
  canManage: boolean;
}) {
  return (
    <Card data-testid="webhook-delivery">
      <CardHeader
        title="Delivery"
        description="Where each message is sent, and how the receiver can tell it came from us."
        actions={
          <Button variant="secondary" size="sm" asChild>
            {canManage ? (
              <Link href={`/webhooks/${id}/http?edit=true`}>
                <Pencil aria-hidden />
                Edit HTTP settings
              </Link>
            ) : (
              <Link href={`/webhooks/${id}/http`}>All HTTP settings</Link>
            )}
          </Button>
        }
      />
      <CardBody>
        <Properties
          items={[
            {
              label: "URL",
              value: <code className="font-mono text-[13px] break-all">{url}</code>,
            },
            { label: "Method", value: method },
            // A GET sends the fields as query parameters: there is no body to format.
            ...(method === "GET"
              ? []
              : [{ label: "Payload format", value: FORMAT_LABELS[format] }]),
            { label: "Signing", value: SIGNING_LABELS[signing] },
          ]}
        />
      </CardBody>
    </Card>
  );
}
