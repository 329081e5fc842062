import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { InboxRequest } from "@/db/schema";
import { prettyBody } from "@/lib/messages/pretty";
import { formatDateTime } from "@/lib/utils";

function SignatureBadge({ signature }: { signature: InboxRequest["signature"] }) {
  if (signature.scheme === "none") return <Badge tone="neutral">Unsigned</Badge>;
  const scheme = signature.scheme === "jwt" ? "JWT" : "Signature";
  return signature.verified ? (
    <Badge tone="success">{scheme} verified</Badge>
  ) : (
    <Badge tone="danger">{scheme} not verified</Badge>
  );
}

/** One recorded request: a summary line that opens onto its headers and body. */
export function InboxRequestCard({
  request,
  maskHeader,
  open,
}: {
  request: InboxRequest;
  maskHeader: (name: string) => boolean;
  open?: boolean;
}) {
  const body = prettyBody(request.body, request.headers["content-type"]);
  return (
    <Card data-testid="inbox-request">
      <details open={open} className="group">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3">
          <Badge tone="info" className="font-mono">
            {request.method}
          </Badge>
          <span className="min-w-0 flex-1 truncate font-mono text-sm text-slate-900">
            {request.url}
          </span>
          <SignatureBadge signature={request.signature} />
          <span className="text-sm text-slate-700">answered {request.answeredStatus}</span>
          <time className="text-sm text-slate-600" dateTime={request.receivedAt.toISOString()}>
            {formatDateTime(request.receivedAt)}
          </time>
        </summary>
        <div className="space-y-4 border-t border-slate-200 px-5 py-4">
          {request.signature.scheme !== "none" && (
            <p className="text-sm text-slate-800" data-testid="signature-detail">
              {request.signature.detail}
              {request.signature.webhookId && (
                <>
                  {" "}
                  with the secret of{" "}
                  <a
                    className="font-mono text-brand-700 hover:underline"
                    href={`/webhooks/${request.signature.webhookId}`}
                  >
                    {request.signature.webhookId}
                  </a>
                </>
              )}
              .
            </p>
          )}
          <div>
            <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600">Headers</h3>
            <dl className="mt-2 grid grid-cols-[minmax(8rem,max-content)_minmax(0,1fr)] gap-x-4 gap-y-1 font-mono text-xs">
              {Object.entries(request.headers).map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="break-all text-slate-600">{name}</dt>
                  <dd className="break-all text-slate-900">
                    {maskHeader(name) ? "•••••• (hidden for your role)" : value}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <div>
            <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600">
              Body ({request.size.toLocaleString("en-US")} bytes
              {request.truncated ? ", truncated" : ""})
            </h3>
            {body ? (
              <pre
                data-testid="inbox-body"
                // It scrolls (a long body, a narrow window); focusable so a keyboard can too.
                tabIndex={0}
                className="mt-2 max-h-96 overflow-auto rounded-md bg-code p-4 text-xs text-code-fg"
              >
                {body}
              </pre>
            ) : (
              <p className="mt-2 text-sm text-slate-600">No body</p>
            )}
          </div>
        </div>
      </details>
    </Card>
  );
}
