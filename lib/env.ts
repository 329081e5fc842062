import { z } from "zod";

/**
 * The one place that reads `process.env`. Parsed lazily: `next build` imports modules that
 * use it without having a database, and the launcher fills the variables in before it
 * starts the server.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }),
  HOOKYARD_ENCRYPTION_KEY: z.string().refine((value) => decodeKey(value) !== null, {
    message: "HOOKYARD_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64",
  }),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  HOOKYARD_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** The longest wait for a connection or a statement before the answer is 503. */
  HOOKYARD_DB_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(10),
  /** Private addresses or ranges deliveries may reach besides the public internet. */
  HOOKYARD_DELIVERY_ALLOW: z.string().default(""),
  /** Set by the launcher: the delivery worker's port (scripts/worker.ts). */
  HOOKYARD_WORKER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Set by the launcher: the port the console listens on, for its own Inbox. */
  HOOKYARD_CONSOLE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** How long a stored message may wait unattempted before the sweeper hands it over again. */
  HOOKYARD_SWEEP_AFTER_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** The Inngest server the app sends events to (the local executor's, by default). */
  INNGEST_BASE_URL: z.string().url().optional(),
  /** REST API requests a minute per API key (bursts of as many), per console instance. */
  HOOKYARD_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /** Requests a minute the Inbox takes, all inboxes together (bursts of as many). */
  HOOKYARD_INBOX_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /**
   * How many proxies in front of the console add the address they were called from to
   * X-Forwarded-For. 0: no forwarding header is believed, so the client's address is unknown.
   */
  HOOKYARD_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** A bearer token for Prometheus to scrape `/metrics` with (admin API keys also may). */
  HOOKYARD_METRICS_TOKEN: z
    .string()
    .min(32, "HOOKYARD_METRICS_TOKEN must be at least 32 characters")
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Accepts a 32-byte key written as hex or base64; returns null for anything else. */
export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  const buf = Buffer.from(trimmed, "base64");
  return buf.length === 32 ? buf : null;
}

/** Launcher-side settings: read by `npm start` and `npm test`, never by the web app. */
export const launcherEnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOOKYARD_DATA_DIR: z.string().default(".data"),
  HOOKYARD_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  HOOKYARD_ENCRYPTION_KEY: z.string().optional(),
  AUTH_SECRET: z.string().optional(),
  HOOKYARD_ADMIN_EMAIL: z.string().email().optional(),
  HOOKYARD_ADMIN_PASSWORD: z.string().min(8).optional(),
  HOOKYARD_EXECUTOR_PORT: z.coerce.number().int().min(1).max(65535).default(8288),
  /** The delivery worker's port: the local executor calls Hookyard's functions there. */
  HOOKYARD_WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(8287),
  HOOKYARD_DB_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(10),
  /** `local`: run the local executor; `off`: the app talks to the Inngest server set below. */
  HOOKYARD_EXECUTOR: z.enum(["local", "off"]).default("local"),
  /** How long the local executor keeps finished runs and consumed events. */
  HOOKYARD_EXECUTOR_RETENTION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(24),
  INNGEST_BASE_URL: z.string().optional(),
  INNGEST_SIGNING_KEY: z
    .string()
    .regex(
      /^(signkey-\w+-)?([0-9a-f]{2}){16,}$/i,
      "INNGEST_SIGNING_KEY must be signkey-<env>-<hex>",
    )
    .optional(),
  INNGEST_EVENT_KEY: z
    .string()
    .min(16, "INNGEST_EVENT_KEY must be at least 16 characters")
    .optional(),
  INNGEST_SERVE_ORIGIN: z.string().url().optional(),
  CI: z.string().optional(),
});

export function launcherEnv() {
  return launcherEnvSchema.parse(process.env);
}

/** The launcher hands settings to the processes it starts through their environment. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // A self-hosted, often offline console: Next.js sends no telemetry.
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extra };
}
