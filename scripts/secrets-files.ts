import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Returns the value of a secret setting: the environment's when set, otherwise the one kept
 * in `dataDir/fileName`, generated there (mode 0600) on first start.
 */
export async function secretFromEnvOrFile(
  fromEnv: string | undefined,
  dataDir: string,
  fileName: string,
  generate: () => string = () => randomBytes(32).toString("hex"),
): Promise<{ value: string; generated: boolean }> {
  if (fromEnv) return { value: fromEnv, generated: false };
  const file = path.join(dataDir, fileName);
  if (existsSync(file)) return { value: (await readFile(file, "utf8")).trim(), generated: false };
  await mkdir(dataDir, { recursive: true });
  const value = generate();
  await writeFile(file, value + "\n", { mode: 0o600 });
  return { value, generated: true };
}
