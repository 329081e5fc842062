import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { childEnv } from "@/lib/env";
import { run } from "./process";

const SOURCES = ["app", "components", "lib", "db", "inngest", "public"];
const FILES = [
  "package-lock.json",
  "next.config.mjs",
  "instrumentation.ts",
  "tsconfig.json",
  "postcss.config.mjs",
];

/** A fingerprint of everything `next build` reads, from file sizes and modification times. */
function sourceFingerprint(root: string): string {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(p).sort())
        if (!name.endsWith(".test.ts")) visit(path.join(p, name));
    } else {
      hash.update(`${path.relative(root, p)}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const s of [...SOURCES, ...FILES]) visit(path.join(root, s));
  return hash.digest("hex");
}

/** Runs `next build` when there is no build yet or the sources changed since the last one. */
export async function ensureBuild(root: string, log: (line: string) => void): Promise<void> {
  const distDir = path.join(root, process.env.HOOKYARD_DIST_DIR || ".next");
  const stamp = path.join(distDir, "hookyard-build-stamp");
  const fingerprint = sourceFingerprint(root);
  const built = existsSync(path.join(distDir, "BUILD_ID"));
  if (built && existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint) return;
  log(
    built
      ? "Sources changed since the last build; rebuilding…"
      : "No production build yet; building (a few minutes on 2 cores)…",
  );
  await run(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    env: childEnv({}),
  });
  writeFileSync(stamp, fingerprint);
}
