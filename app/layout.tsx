import type { Metadata } from "next";
import { cookies } from "next/headers";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { Toaster } from "sonner";
import { THEME_COOKIE, parseTheme } from "@/components/shell/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hookyard", template: "%s · Hookyard" },
  description: "Admin console for outgoing webhooks",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // A chosen theme is rendered by the server (no flash of the other one); "system" is left
  // to the stylesheet's prefers-color-scheme.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={theme === "system" ? undefined : theme}>
      <body>
        <NuqsAdapter>{children}</NuqsAdapter>
        <Toaster position="bottom-right" closeButton theme={theme} />
      </body>
    </html>
  );
}
