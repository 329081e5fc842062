"use client";

import * as React from "react";
import { Button } from "./button";
import { CopyButton } from "./copy-button";

/** A credential shown this once (a new API key, an invitation link), with a copy button. */
export function ShownOnce({
  children,
  value,
  what,
  testId,
  onDone,
}: {
  children: React.ReactNode;
  value: string;
  what: string;
  testId: string;
  onDone: () => void;
}) {
  // Shown after a form at the top of a long card: bring it into view, or it goes unseen.
  const box = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    box.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [value]);
  return (
    <div
      ref={box}
      role="status"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <p>{children}</p>
      <code
        data-testid={testId}
        className="block break-all rounded bg-white px-3 py-2 font-mono text-[13px] text-slate-900"
      >
        {value}
      </code>
      <div className="flex gap-2">
        <CopyButton value={value} what={what} />
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
