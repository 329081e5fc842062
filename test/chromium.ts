import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { run } from "@/scripts/process";

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

function findChromium(): string | undefined {
  if (process.env.HOOKYARD_CHROMIUM && existsSync(process.env.HOOKYARD_CHROMIUM))
    return process.env.HOOKYARD_CHROMIUM;
  return CANDIDATES.find((p) => existsSync(p));
}

const hasCommand = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/**
 * A Chromium for Playwright: one already installed; else Debian's package when running as
 * root with apt-get; else Playwright's own download. Returns the executable path, or
 * undefined when Playwright's bundled browser is to be used.
 */
export async function provideChromium(log: (line: string) => void): Promise<string | undefined> {
  const found = findChromium();
  if (found) {
    log(`Using the Chromium at ${found}.`);
    return found;
  }
  if (process.getuid?.() === 0 && hasCommand("apt-get")) {
    log("No Chromium found; installing Debian's package (apt-get install chromium)…");
    await run("apt-get", ["update"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    await run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    const installed = findChromium();
    if (installed) return installed;
    throw new Error("apt-get installed chromium but no executable was found");
  }
  log(
    "No Chromium found and no apt-get as root; installing Playwright's Chromium (npx playwright install chromium)…",
  );
  await run("npx", ["playwright", "install", "chromium"]);
  return undefined;
}
