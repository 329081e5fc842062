/**
 * `npm test`: type-check, lint, the Vitest suites against a real Postgres, the REST API suite
 * (Vitest over HTTP against the production build), then the Playwright suite in a real
 * Chromium against the same build. Ends with one line `tests: N passed, N failed, N skipped`
 * summing every runner.
 *
 *   npm test                       everything
 *   npm test -- --only static|unit|api|e2e
 *   npm test -- --only e2e -- <playwright args>
 *
 * `api` is two Vitest runs side by side once the production build is there: the REST API
 * suite and the launcher suite (scripts/*.api.test.ts, each file with a console of its own);
 * type-check and lint run side by side too.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { provideChromium } from "./chromium";
import { ensureBuild } from "@/scripts/build";
import { run } from "@/scripts/process";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const log = (line: string) => console.log(`\n[test] ${line}`);

const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const passthrough = args.includes("--") ? args.slice(args.indexOf("--") + 1) : [];
const wants = (stage: string) => !only || only === stage;

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
/** Each failed test by name, with the first line of its error: printed last, where a log's tail shows it. */
const failedTests: string[] = [];
const firstLine = (text: string | undefined) =>
  (text ?? "")
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .find((line) => line.trim()) ?? "";

async function stage(name: string, fn: () => Promise<void>) {
  log(`${name}…`);
  try {
    await fn();
  } catch (error) {
    failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

interface PlaywrightSuite {
  suites?: PlaywrightSuite[];
  specs?: {
    title: string;
    file: string;
    line: number;
    tests: { projectName: string; status: string; results: { error?: { message?: string } }[] }[];
  }[];
}

function collectPlaywrightFailures(suites: PlaywrightSuite[]) {
  for (const suite of suites) {
    collectPlaywrightFailures(suite.suites ?? []);
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status !== "unexpected") continue;
        const error = test.results.find((result) => result.error)?.error?.message;
        failedTests.push(
          `[${test.projectName}] e2e/${spec.file}:${spec.line} › ${spec.title}: ${firstLine(error)}`,
        );
      }
    }
  }
}

async function main() {
  const tmp = os.tmpdir();
  if (wants("static")) {
    await Promise.all([
      stage("Type-check (tsc)", () =>
        run(bin("tsc"), ["--noEmit", "-p", "tsconfig.json"], { cwd: root }),
      ),
      stage("Lint (eslint)", () => run(bin("eslint"), [".", "--max-warnings", "0"], { cwd: root })),
    ]);
  }

  const vitest = (name: string, config: string, stageName: string) =>
    stage(name, async () => {
      const out = path.join(tmp, `${path.basename(config, ".ts")}-${process.pid}.json`);
      try {
        await run(
          bin("vitest"),
          [
            "run",
            "--config",
            config,
            "--reporter=default",
            "--reporter=json",
            `--outputFile.json=${out}`,
            // Files named after `--` may all be in the other suite of the pair.
            ...(only === stageName && passthrough.length
              ? ["--passWithNoTests", ...passthrough]
              : []),
          ],
          { cwd: root },
        );
      } finally {
        const report = readJson(out) as
          | {
              numPassedTests: number;
              numFailedTests: number;
              numPendingTests: number;
              numTodoTests: number;
              testResults?: {
                name: string;
                assertionResults?: {
                  fullName: string;
                  status: string;
                  failureMessages?: string[];
                }[];
              }[];
            }
          | undefined;
        if (report) {
          for (const file of report.testResults ?? []) {
            for (const test of file.assertionResults ?? []) {
              if (test.status !== "failed") continue;
              failedTests.push(
                `${path.relative(root, file.name)} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`,
              );
            }
          }
          total.passed += report.numPassedTests;
          total.failed += report.numFailedTests;
          total.skipped += report.numPendingTests + report.numTodoTests;
          rmSync(out, { force: true });
        } else {
          failures.push(`${name} wrote no report`);
        }
      }
    });

  if (wants("unit")) {
    await vitest("Vitest (real Postgres)", "vitest.config.ts", "unit");
  }
  if (wants("api")) {
    // Built once here: the launchers of the launcher suite would each build at once otherwise.
    await stage("Production build", () => ensureBuild(root, (line) => log(line)));
    await Promise.all([
      vitest(
        "REST API suite (Vitest over HTTP against next start)",
        "test/vitest.api.config.ts",
        "api",
      ),
      vitest(
        "Launcher suite (npm start stopped and crashed)",
        "test/vitest.launcher.config.ts",
        "api",
      ),
    ]);
  }

  if (wants("e2e")) {
    const out = path.join(tmp, `hookyard-playwright-${process.pid}.json`);
    await stage("Playwright (Chromium, production build)", async () => {
      const chromium = await provideChromium((line) => console.log(`[test] ${line}`));
      await run(
        bin("playwright"),
        ["test", "-c", "e2e/playwright.config.ts", ...(only === "e2e" ? passthrough : [])],
        {
          cwd: root,
          env: {
            ...process.env,
            HOOKYARD_CHROMIUM: chromium ?? "",
            PLAYWRIGHT_JSON_OUTPUT_NAME: out,
          },
        },
      );
    });
    const report = readJson(out) as
      | {
          stats: { expected: number; unexpected: number; skipped: number; flaky: number };
          suites?: PlaywrightSuite[];
        }
      | undefined;
    if (report) {
      collectPlaywrightFailures(report.suites ?? []);
      total.passed += report.stats.expected + report.stats.flaky;
      total.failed += report.stats.unexpected;
      total.skipped += report.stats.skipped;
      rmSync(out, { force: true });
    } else {
      failures.push("Playwright wrote no report");
    }
  }

  console.log("");
  for (const failure of failures) console.log(`[test] FAILED ${failure}`);
  for (const test of failedTests) console.log(`[test] FAILED TEST ${test}`);
  const failed = total.failed + (failures.length && total.failed === 0 ? failures.length : 0);
  console.log(`tests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
  process.exit(failures.length || total.failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log(
    `tests: ${total.passed} passed, ${total.failed + 1} failed, ${total.skipped} skipped`,
  );
  process.exit(1);
});
