/**
 * `npm run bench:burst`: the console as `npm start` runs it (Next.js production server, local
 * executor, embedded Postgres) takes a burst of events through the events API, published
 * concurrently as a back office would, for webhooks served by a fast receiver in a process of
 * its own. Prints the time until the last delivery arrived, deliveries per second, the
 * publish latency, peak memory and CPU of each process, and the Logs page's time meanwhile;
 * and, in the same run, the raw limits of the receiver and of the console's HTTP layer.
 *
 *   npm run bench:burst [-- --events 2000] [-- --webhooks 50] [-- --publishers 16]
 *   npm run bench:burst -- --fail-first   every first attempt fails (500), retried after 1 s
 *   npm run bench:burst -- --pause        published while deliveries are paused: the executor's
 *                                         activity meanwhile, then the drain after resuming
 *
 * The build goes to HOOKYARD_DIST_DIR (.next-bench by default); the console's data to a
 * temporary directory.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LauncherHarness } from "@/test/launcher-harness";
import {
  idleWindow,
  publishEvents,
  retryFigures,
  table,
  watchPage,
  type Row,
} from "./burst-phases";
import { ConsoleClient } from "./console-client";
import { ProcessSampler, type ProcessInfo } from "./process-sampler";
import {
  bareUndiciRate,
  booleanFlag,
  numberFlag,
  quantile,
  runBench,
  startBenchProcess,
  wallClockMs,
} from "./support";

const EVENTS = numberFlag("events", 2000);
const WEBHOOKS = numberFlag("webhooks", 50);
const PUBLISHERS = numberFlag("publishers", 16);
const FAIL_FIRST = booleanFlag("fail-first");
const PAUSE = booleanFlag("pause");
/** How long the executor is watched while deliveries are paused (--pause). */
const IDLE_SECONDS = numberFlag("idle-seconds", 30);
const TIMEOUT_SECONDS = numberFlag("timeout", 900);
const ADMIN = { email: "bench@hookyard.local", password: "bench-burst-password" };
const root = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => console.log(`[bench:burst] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const n = (x: number) => Math.round(x).toLocaleString("en-US");
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/**
 * `next build` with a dist dir of its own adds it to tsconfig.json: put the file back as it
 * was, content and modification time to the nanosecond (build stamps, ours and those of the
 * other dist dirs, cover it), which only touch(1) sets exactly.
 */
function keepTsconfig() {
  const file = path.join(root, "tsconfig.json");
  const text = readFileSync(file, "utf8");
  const { atimeNs, mtimeNs } = statSync(file, { bigint: true });
  const stamp = (ns: bigint) =>
    `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, "0")}`;
  return () => {
    if (readFileSync(file, "utf8") === text) return;
    writeFileSync(file, text);
    execFileSync("touch", ["-a", "-d", stamp(atimeNs), file]);
    execFileSync("touch", ["-m", "-d", stamp(mtimeNs), file]);
  };
}

/** Which of the bench's processes this is, for the memory and CPU figures. */
function classify(receiverPid: number) {
  return ({ pid, comm, cmdline, parentGroup }: ProcessInfo) => {
    if (pid === receiverPid) return "receiver";
    if (comm === "postgres") return "postgres";
    if (/scripts\/worker\.ts/.test(cmdline)) return "worker";
    // The server's own children (its build workers) count with it.
    if (parentGroup === "next-server" || /next/.test(comm) || /\/next\b.* start\b/.test(cmdline))
      return "next-server";
    return "launcher + executor";
  };
}

async function main() {
  if (FAIL_FIRST && PAUSE) throw new Error("--fail-first and --pause are separate runs");
  const mode = FAIL_FIRST ? "fail-first" : PAUSE ? "pause" : "burst";
  const expected = EVENTS * WEBHOOKS;
  process.env.HOOKYARD_DIST_DIR ||= ".next-bench";
  const restoreTsconfig = keepTsconfig();
  const receiver = await startBenchProcess(
    "burst-receiver.ts",
    FAIL_FIRST ? { BENCH_FAIL_FIRST: "1" } : {},
  );
  const receiverUrl = await receiver.call<string>("url");
  const h = new LauncherHarness({
    name: "bench-burst",
    receiverDelayMs: 0,
    env: {
      HOOKYARD_ADMIN_EMAIL: ADMIN.email,
      HOOKYARD_ADMIN_PASSWORD: ADMIN.password,
      // A back office publishing this fast has its key's limit raised (1,200 a minute by default).
      HOOKYARD_API_RATE_LIMIT: "1000000",
      // The default: a backlog older than the harness's 15 s is not handed over a second time.
      HOOKYARD_SWEEP_AFTER_SECONDS: "300",
    },
  });
  try {
    log(`starting npm start (building ${process.env.HOOKYARD_DIST_DIR} when missing or stale)…`);
    await h.setUp();
    restoreTsconfig();
    const sampler = new ProcessSampler(
      () => [h.launcher!.pid!, receiver.pid],
      classify(receiver.pid),
    ).start();
    const base = `http://127.0.0.1:${h.ports.app}`;
    const console_ = new ConsoleClient(base);
    await console_.signIn(ADMIN.email, ADMIN.password);

    const ids: string[] = [];
    for (let i = 0; i < WEBHOOKS; i++) {
      const created = await h.api("/webhooks", {
        name: `Burst ${i}`,
        url: `${receiverUrl}/hook/${i}`,
        eventTypes: ["application.created"],
        ...(FAIL_FIRST ? { retryPolicy: "custom", retrySchedule: [1] } : {}),
      });
      if (created.status !== 201) throw new Error(`creating a webhook: ${created.status}`);
      ids.push(((await created.json()) as { id: string }).id);
    }
    const logsPage = `/webhooks/${ids[0]}/logs`;
    const idleLogs: number[] = [];
    for (let i = 0; i < 5; i++) idleLogs.push(await console_.timePage(logsPage, ids[0]!));
    const rows: Row[] = [];
    // Before the burst: after it, a console that has not drained would still be busy.
    log("raw limits…");
    const rawReceiver = await bareUndiciRate(receiverUrl);
    const rawConsole = await bareUndiciRate(base, { inFlight: PUBLISHERS, path: "/api/health" });
    await receiver.call("clear");
    const raw: Row[] = [
      ["raw: bare undici loop to the receiver (64 at once)", `${n(rawReceiver)} requests/s`, ""],
      [
        `raw: GET /api/health on the idle console (${PUBLISHERS} at once)`,
        `${n(rawConsole)} requests/s`,
        "",
      ],
    ];

    const pauseAction = (paused: boolean) =>
      console_.callAction("lib/settings/actions.ts", "setDeliveriesPausedAction", { paused });
    let idle: Awaited<ReturnType<typeof idleWindow>> | undefined;
    if (PAUSE) {
      await pauseAction(true);
      const { rows: setting } = await h.pool.query(
        "select value->>'paused' as paused from settings where key = 'deliveries'",
      );
      if (setting[0]?.paused !== "true") throw new Error("pausing deliveries did not take");
      log(`deliveries paused; publishing ${n(EVENTS)} events…`);
      const paused = await publishEvents(h, EVENTS, PUBLISHERS, WEBHOOKS);
      rows.push(["publish latency p50 / p99 while paused", paused.summary, ""]);
      idle = await idleWindow(h.pool, sampler, IDLE_SECONDS, log);
      log("resuming deliveries…");
    }

    const cpuBefore = sampler.cpuSeconds();
    const driverCpu = process.cpuUsage();
    const logs = watchPage(() => console_.timePage(logsPage, ids[0]!));
    const t0 = wallClockMs();
    const timeline: string[] = [];
    const ticker = setInterval(
      () =>
        void receiver.call<number>("count").then((count) => {
          timeline.push(`${Math.round((wallClockMs() - t0) / 1000)} s: ${n(count)}`);
          log(`${timeline.at(-1)} delivered`);
        }),
      5000,
    );
    let published;
    if (PAUSE) {
      await pauseAction(false);
    } else {
      log(`publishing ${n(EVENTS)} events (${n(expected)} deliveries), ${PUBLISHERS} at once…`);
      published = await publishEvents(h, EVENTS, PUBLISHERS, WEBHOOKS);
      log(`all events accepted after ${published.seconds.toFixed(1)} s`);
    }
    const end = Date.now() + TIMEOUT_SECONDS * 1000;
    let delivered = 0;
    while ((delivered = await receiver.call<number>("count")) < expected && Date.now() < end) {
      await sleep(100);
    }
    clearInterval(ticker);
    const lastArrival = delivered ? await receiver.call<number>("lastArrival") : NaN;
    const drainSeconds = (lastArrival - t0) / 1000;
    const logsDuring = await logs.stop();
    sampler.sample();
    const cpuAfter = sampler.cpuSeconds();

    const { rows: statuses } = await h.pool.query<{ status: string; n: number }>(
      "select status, count(*)::int as n from messages group by 1 order by 2 desc",
    );
    const { rows: runs } = await h.pool.query<{ fn: string; status: string; n: number }>(
      `select replace(function_id, 'hookyard-', '') as fn, status, count(*)::int as n
       from executor.runs group by 1, 2 order by 1, 3 desc`,
    );
    const from = PAUSE ? "resume" : "first publish";
    rows.push([
      `drained: ${from} → last delivered`,
      delivered < expected
        ? `NOT DRAINED: ${n(delivered)} of ${n(expected)} after ${TIMEOUT_SECONDS} s`
        : `${drainSeconds.toFixed(1)} s`,
      "< 60 s",
    ]);
    rows.push(["deliveries per second", n(delivered / drainSeconds), ""]);
    if (published) {
      rows.push([
        "publishing: events accepted",
        `${n(published.accepted)} in ${published.seconds.toFixed(1)} s (${n(published.accepted / published.seconds)} events/s)${published.refusedText}`,
        "",
      ]);
      rows.push(["publish latency p50 / p99", published.summary, ""]);
    }
    if (FAIL_FIRST) rows.push(...(await retryFigures(h.pool, t0)));
    const sorted = [...logsDuring.samples].sort((a, b) => a - b);
    rows.push([
      `Logs page (${logsPage}), time to last byte, during the drain`,
      `p50 ${quantile(sorted, 0.5).toFixed(0)} ms, p95 ${quantile(sorted, 0.95).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms (${sorted.length} loads${logsDuring.errors.length ? `, ${logsDuring.errors.length} failed: ${logsDuring.errors[0]}` : ""})`,
      "< 500 ms",
    ]);
    rows.push([
      "Logs page before the burst",
      `p50 ${quantile(
        idleLogs.sort((a, b) => a - b),
        0.5,
      ).toFixed(0)} ms`,
      "",
    ]);
    for (const [group, f] of sampler.figures()) {
      rows.push([
        `peak memory: ${group} (${f.processes} process${f.processes > 1 ? "es" : ""}, summed)`,
        `RSS ${mib(f.peakRss)}, PSS ${mib(f.peakPss)} (largest process's high-water mark ${mib(f.largestHwm)})`,
        "bounded",
      ]);
    }
    for (const [group, cpu] of cpuAfter) {
      rows.push([
        `CPU during the drain: ${group}`,
        `${(cpu - (cpuBefore.get(group) ?? 0)).toFixed(1)} s`,
        "",
      ]);
    }
    rows.push([
      "messages by status at the end",
      statuses.map((s) => `${s.status} ${n(s.n)}`).join(", "),
      "",
    ]);
    const driver = process.cpuUsage(driverCpu);
    rows.push([
      "CPU during the drain: this bench (publishing, polling, sampling)",
      `${((driver.user + driver.system) / 1e6).toFixed(1)} s`,
      "",
    ]);
    rows.push([
      "executor runs by function and status at the end",
      runs.map((r) => `${r.fn} ${r.status} ${n(r.n)}`).join(", "),
      "",
    ]);
    sampler.stop();

    console.log(
      `\nbench:burst (${mode}) — ${n(EVENTS)} events × ${WEBHOOKS} webhooks = ${n(expected)} deliveries, ${PUBLISHERS} publishers, ${os.cpus().length} cores\n`,
    );
    table([...rows, ...raw]);
    if (idle) {
      console.log(`\nWhile paused (after the published messages settled, ${idle.settledText}):\n`);
      table(idle.rows, [
        "seconds",
        "runs updated",
        "runs created",
        "attempts",
        "runs row writes (pg_stat, counted up to ~10 s late)",
        "CPU launcher + executor / worker / next-server / postgres",
      ]);
      console.log(`\nexecutor.runs by status at the start of the window: ${idle.statusText}`);
    }
    console.log(`\ndelivered over time: ${timeline.join(", ")}`);
    if (delivered < expected) {
      console.log(`\nthe console's last output:\n${h.output.split("\n").slice(-30).join("\n")}`);
    }
    return delivered >= expected;
  } finally {
    restoreTsconfig();
    await receiver.stop();
    await h.tearDown();
  }
}

runBench(main);
