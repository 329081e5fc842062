import { Pool } from "pg";
import { LocalExecutor } from "@/inngest/executor/executor";

/**
 * Starts the local executor beside the console unless Inngest's own variables point the
 * app elsewhere (INNGEST_BASE_URL, or INNGEST_SIGNING_KEY for Inngest Cloud). Returns the
 * variables the Next.js process needs to talk to it.
 */
export async function startLocalExecutor(options: {
  databaseUrl: string;
  appPort: number;
  executorPort: number;
  log: (line: string) => void;
}): Promise<{ env: Record<string, string>; stop: () => Promise<void> } | null> {
  if (process.env.INNGEST_BASE_URL || process.env.INNGEST_SIGNING_KEY) {
    options.log(
      `Using the Inngest server from ${process.env.INNGEST_BASE_URL ?? "Inngest Cloud (INNGEST_SIGNING_KEY)"}; the local executor stays off.`,
    );
    return null;
  }
  const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
  // Idle connections closed by the server are replaced on the next query (see db/index.ts).
  pool.on("error", (error) => options.log(`[executor] idle connection lost: ${error.message}`));
  const executor = await new LocalExecutor({
    pool,
    port: options.executorPort,
    appUrl: `http://127.0.0.1:${options.appPort}/api/inngest`,
    log: options.log,
  }).start();
  options.log(`Local executor on ${executor.url} (state in Postgres, schema "executor").`);
  return {
    env: { INNGEST_DEV: "1", INNGEST_BASE_URL: executor.url },
    stop: async () => {
      await executor.stop();
      await pool.end();
    },
  };
}
