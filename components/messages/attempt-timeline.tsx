import { Badge } from "@/components/ui/badge";
import type { Attempt } from "@/db/schema";
import { CopyButton } from "@/components/ui/copy-button";
import { curlOf } from "@/lib/messages/curl";
import { prettyBody } from "@/lib/messages/pretty";
import { formatDateTimeSeconds, formatRelative } from "@/lib/utils";

const ERROR_LABELS: Record<string, string> = {
  timeout: "Timed out",
  connection_refused: "Connection refused",
  dns: "DNS lookup failed",
  tls: "TLS failed",
  blocked_address: "Blocked address",
  network: "Network error",
  build: "Not sent: the request could not be built",
};

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (!entries.length) return <p className="text-sm text-slate-600">None</p>;
  return (
    <dl className="grid grid-cols-[minmax(8rem,max-content)_minmax(0,1fr)] gap-x-4 gap-y-1 font-mono text-xs">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="break-all text-slate-600">{name}</dt>
          <dd className="break-all text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Body({ text, contentType }: { text: string | null; contentType?: string }) {
  if (!text) return <p className="text-sm text-slate-600">No body</p>;
  return (
    // It scrolls (a long body, a narrow window); focusable so a keyboard can scroll it too.
    <pre
      tabIndex={0}
      className="max-h-80 overflow-auto rounded-md bg-code p-3 text-xs text-code-fg"
    >
      {prettyBody(text, contentType)}
    </pre>
  );
}

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <div className="space-y-2">
    <h4 className="text-xs font-medium uppercase tracking-wide text-slate-600">{title}</h4>
    {children}
  </div>
);

/** Every attempt of a message, newest first: what was sent, and what came back or went wrong. */
export function AttemptTimeline({ attempts }: { attempts: Attempt[] }) {
  if (!attempts.length) {
    return <p className="text-sm text-slate-600">No attempt yet.</p>;
  }
  return (
    <ol className="space-y-3" aria-label="Attempts">
      {[...attempts].reverse().map((attempt, index) => (
        <li
          key={attempt.id}
          id={`attempt-${attempt.number}`}
          data-testid="attempt"
          className="scroll-mt-4 rounded-md border border-slate-200 target:ring-2 target:ring-brand-500"
        >
          <details open={index === 0}>
            <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2.5">
              <span className="font-medium text-slate-900">Attempt {attempt.number}</span>
              {attempt.responseStatus ? (
                <Badge tone={attempt.success ? "success" : "danger"}>
                  HTTP {attempt.responseStatus}
                </Badge>
              ) : (
                <Badge tone="danger">{ERROR_LABELS[attempt.errorKind ?? ""] ?? "Error"}</Badge>
              )}
              <time
                className="text-sm text-slate-700"
                dateTime={attempt.startedAt.toISOString()}
                title={formatRelative(attempt.startedAt)}
              >
                {formatDateTimeSeconds(attempt.startedAt)}
              </time>
              <span className="text-sm tabular-nums text-slate-600">{attempt.durationMs} ms</span>
            </summary>
            <div className="grid grid-cols-1 gap-5 border-t border-slate-200 px-4 py-4 lg:grid-cols-2">
              <div className="space-y-4">
                <Section title="Request">
                  <p className="break-all font-mono text-xs text-slate-900">
                    {attempt.request.method} {attempt.request.url}
                  </p>
                  <Headers headers={attempt.request.headers} />
                  <CopyButton
                    value={curlOf(attempt.request)}
                    what="curl command"
                    label="Copy as curl"
                  />
                </Section>
                <Section title="Request body">
                  <Body
                    text={attempt.request.body}
                    contentType={attempt.request.headers["content-type"]}
                  />
                </Section>
              </div>
              <div className="space-y-4">
                {attempt.errorKind ? (
                  <Section title="Error">
                    <p className="text-sm text-red-800">
                      {ERROR_LABELS[attempt.errorKind] ?? attempt.errorKind}
                      {attempt.errorMessage ? `: ${attempt.errorMessage}` : ""}
                    </p>
                  </Section>
                ) : (
                  <>
                    <Section title="Response headers">
                      <Headers headers={attempt.responseHeaders ?? {}} />
                    </Section>
                    <Section title="Response body">
                      <Body
                        text={attempt.responseBody}
                        contentType={attempt.responseHeaders?.["content-type"]}
                      />
                    </Section>
                  </>
                )}
              </div>
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
