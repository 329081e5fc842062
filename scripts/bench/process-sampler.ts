import { readdirSync, readFileSync } from "node:fs";

/**
 * Memory and CPU of a bench's processes, read from /proc every 500 ms: every process under
 * the roots given, put in groups by `classify` (the launcher, the Next.js server, Postgres…).
 * A group's RSS is the sum over its processes at one sample; its peak is the largest such sum.
 * Summed RSS counts memory shared between processes (Postgres's shared buffers) once per
 * process; the PSS sum shares it out, so it is the group's real total. PSS costs the kernel a
 * walk of every mapping (most of a sample's time), so it is read at every fourth sample only.
 */

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const PSS_EVERY = 4;

export interface ProcessInfo {
  pid: number;
  /** /proc/<pid>/comm: the executable's name, or the title a process gave itself. */
  comm: string;
  cmdline: string;
  /** The group of its parent, when the parent was seen first. */
  parentGroup?: string;
}

export interface GroupFigures {
  /** The largest sum of the group's RSS seen at one sample, in bytes. */
  peakRss: number;
  /** The largest sum of the group's PSS (proportional set size) seen at one sample. */
  peakPss: number;
  /** The largest high-water mark (VmHWM) of any one of its processes, in bytes. */
  largestHwm: number;
  /** Its processes seen over the run. */
  processes: number;
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null; // the process is gone
  }
}

const kib = (status: string, field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;

/** Every live process's /proc/<pid>/stat fields after the comm (state, ppid, …), by pid. */
function statsByPid() {
  const stats = new Map<number, string[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    // pid (comm) state ppid …: the comm may hold spaces and parentheses.
    const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields && fields[0] !== "Z" && fields[0] !== "X") stats.set(Number(name), fields);
  }
  return stats;
}

export class ProcessSampler {
  private readonly groups = new Map<string, GroupFigures>();
  private readonly seen = new Map<number, string>();
  /** CPU ticks of each process seen, as last read: a process that exited keeps its last. */
  private readonly ticks = new Map<number, number>();
  private samples = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly roots: () => number[],
    private readonly classify: (process: ProcessInfo) => string,
  ) {}

  start(everyMs = 500) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    return this;
  }

  stop() {
    clearInterval(this.timer);
    this.sample();
  }

  /** The roots and their descendants, parents before children. */
  private tree(stats: Map<number, string[]>) {
    const children = new Map<number, number[]>();
    for (const [pid, fields] of stats) {
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    }
    const pids = new Set<number>();
    const visit = (pid: number) => {
      if (pids.has(pid)) return;
      pids.add(pid);
      for (const child of children.get(pid) ?? []) visit(child);
    };
    for (const root of this.roots()) if (stats.has(root)) visit(root);
    return pids;
  }

  sample() {
    const withPss = this.samples++ % PSS_EVERY === 0;
    const rss = new Map<string, number>();
    const pss = new Map<string, number>();
    const stats = statsByPid();
    for (const pid of this.tree(stats)) {
      const fields = stats.get(pid)!;
      const status = read(`/proc/${pid}/status`);
      if (!status) continue;
      let group = this.seen.get(pid);
      if (!group) {
        const comm = (read(`/proc/${pid}/comm`) ?? "").trim();
        const cmdline = (read(`/proc/${pid}/cmdline`) ?? "").replaceAll("\0", " ").trim();
        const parentGroup = this.seen.get(Number(fields[1]));
        group = this.classify({ pid, comm, cmdline, parentGroup });
        this.seen.set(pid, group);
      }
      const figures = this.groups.get(group) ?? {
        peakRss: 0,
        peakPss: 0,
        largestHwm: 0,
        processes: 0,
      };
      if (!this.ticks.has(pid)) figures.processes++;
      figures.largestHwm = Math.max(figures.largestHwm, kib(status, "VmHWM"));
      this.groups.set(group, figures);
      rss.set(group, (rss.get(group) ?? 0) + kib(status, "VmRSS"));
      if (withPss) {
        const rollup = read(`/proc/${pid}/smaps_rollup`) ?? "";
        pss.set(group, (pss.get(group) ?? 0) + kib(rollup, "Pss"));
      }
      // utime and stime: fields 14 and 15 of the line.
      this.ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    }
    for (const [group, sum] of rss) {
      const figures = this.groups.get(group)!;
      figures.peakRss = Math.max(figures.peakRss, sum);
      figures.peakPss = Math.max(figures.peakPss, pss.get(group) ?? 0);
    }
  }

  figures(): Map<string, GroupFigures> {
    return this.groups;
  }

  /** CPU seconds each group has used so far (read at the last sample). */
  cpuSeconds(): Map<string, number> {
    const cpu = new Map<string, number>();
    for (const [pid, ticks] of this.ticks) {
      const group = this.seen.get(pid)!;
      cpu.set(group, (cpu.get(group) ?? 0) + ticks / TICKS_PER_SECOND);
    }
    return cpu;
  }
}
