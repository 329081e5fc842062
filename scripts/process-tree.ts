import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * Processes as the launcher tests see them, from /proc (Linux): a process and everything it
 * started, a kill -9 of all of them at once, and who listens on a port.
 */

/** A process's state letter (R, S, Z…) and parent pid from its stat line; null when it is gone. */
function stateOf(pid: number | string): { state: string; ppid: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null; // gone meanwhile
  }
  // pid (comm) state ppid …: comm may hold spaces and parentheses.
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: state!, ppid: Number(ppid) };
}

/** Whether a process has exited: gone, or a zombie not reaped yet (an orphan's waits for init). */
export const exited = (pid: number) => isExited(stateOf(pid));
const isExited = (s: ReturnType<typeof stateOf>) => !s || s.state === "Z" || s.state === "X";

/** A process's command line, its arguments joined by spaces; "" when it is gone. */
export function commandLine(pid: number | string) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return ""; // gone meanwhile
  }
}

/** Live processes (zombies left out) by parent pid, from /proc. */
function processesByParent() {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = stateOf(name);
    if (isExited(s)) continue;
    const ppid = s!.ppid;
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  return children;
}

/** `pid` and its live descendants. */
export function processTree(pid: number): number[] {
  const children = processesByParent();
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/**
 * `kill -9` of a whole process tree at one instant, as a power cut would end it: every
 * process is stopped first (a parent cannot react to its child's death, nor start a new one),
 * then all are killed. Returns the pids killed.
 */
export function killTree(pid: number): number[] {
  const stopped = new Set<number>();
  for (;;) {
    const fresh = processTree(pid).filter((p) => !stopped.has(p));
    if (!fresh.length) break;
    for (const p of fresh) {
      try {
        process.kill(p, "SIGSTOP");
      } catch {
        // already gone
      }
      stopped.add(p);
    }
  }
  for (const p of stopped) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return [...stopped];
}

/**
 * Whether a process is gone and reaped: a killed server's zombie still holds its pid, and
 * Postgres will not start while the pid in its lock file exists. (A supervisor restarts once
 * the processes are gone; an orphan's zombie waits for init, here up to a few seconds.)
 */
export const reaped = (pid: number) => !existsSync(`/proc/${pid}`);

/**
 * The processes listening on `ports` (TCP, IPv4 and IPv6), from /proc: a connection attempt
 * could instead reach a socket connected to itself, and would not say whose the port is.
 */
export function listenersOn(ports: number[]): string[] {
  const sockets = new Map<string, number>(); // inode → port
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let table = "";
    try {
      table = readFileSync(file, "utf8");
    } catch {
      continue; // no IPv6
    }
    for (const line of table.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const port = parseInt(fields[1]?.split(":")[1] ?? "", 16);
      if (fields[3] === "0A" && ports.includes(port)) sockets.set(fields[9]!, port);
    }
  }
  if (!sockets.size) return [];
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone meanwhile
    }
    for (const fd of fds) {
      let link = "";
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const port = sockets.get(/^socket:\[(\d+)\]$/.exec(link)?.[1] ?? "");
      if (port === undefined) continue;
      found.push(`${port} pid ${pid} ${commandLine(pid)}`);
    }
  }
  // A socket whose process was not found (another user's, or gone since) still counts.
  for (const port of new Set(sockets.values())) {
    if (!found.some((f) => f.startsWith(`${port} `))) found.push(`${port} pid ?`);
  }
  return found;
}
