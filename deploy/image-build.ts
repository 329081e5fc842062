/**
 * The production build of deploy/Dockerfile, made by the launcher's own `ensureBuild`
 * (scripts/build.ts) so that it writes the stamp `npm start` checks before serving:
 *
 *   tsx deploy/image-build.ts           builds (next build) and writes the stamp
 *   tsx deploy/image-build.ts --check   fails, instead of building, when `npm start` would
 *                                       rebuild: the image never ships a build its launcher
 *                                       considers stale (it would rebuild at every start)
 */
import path from "node:path";
import { ensureBuild } from "@/scripts/build";

const root = path.resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");

ensureBuild(root, (line) => {
  if (check)
    throw new Error(
      `The image's build is stale for the launcher (${line}). Its stamp hashes the sources' ` +
        "sizes and modification times: were the files copied without their times?",
    );
  console.log(`[image-build] ${line}`);
}).catch((error: unknown) => {
  console.error(`[image-build] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
