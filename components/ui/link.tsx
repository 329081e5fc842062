import NextLink from "next/link";
import type * as React from "react";

/**
 * The console's links: next/link without prefetching. Every console page is rendered per
 * request (it reads the session), and a refresh — the Logs tab's every few seconds, the one
 * after Trigger Now — drops what was prefetched, so every link in view was fetched again:
 * some 60 server renders in 12 s on an idle Logs tab, and a Trigger Now queued behind them.
 * A page is fetched when it is followed; its loading.tsx shows at once.
 */
export function Link(props: React.ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
