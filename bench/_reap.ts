/**
 * Keeping every process a run starts inside the run: how external commands are contained, and how
 * whatever they left behind is found and killed.
 *
 * An external command may fork, `setsid` and outlive its parent (`sh -c "setsid sleep 1e5 & exec
 * yes"`), and the runner itself may be killed with SIGKILL. Two containments, the best that works:
 *
 * - `pid-namespace`: the command runs in its own PID namespace (`unshare --pid --fork`, as root or
 *   in a user namespace) under a tiny `sh` that is the namespace's init. When that init ends, the
 *   kernel kills everything left in the namespace, whatever its session or parent. The whole chain
 *   hangs on the runner by `PR_SET_PDEATHSIG` (`setpriv --pdeathsig KILL`, then `unshare
 *   --kill-child`), so a SIGKILLed runner takes every process of its run with it. The command is
 *   not the init (it runs below it), so it keeps the ordinary signal behaviour (SIGPIPE kills it).
 * - `session`: no namespace is allowed here. The command still dies with the runner (`setpriv`),
 *   the runner becomes a child subreaper (orphans come back to it rather than to PID 1), and at the
 *   end of each run `/proc` is searched for the run's processes (same session or process group as
 *   an endpoint, a descendant, or an orphan adopted during the run), which are killed. A daemon of
 *   a runner that is itself SIGKILLed can escape here: only a namespace closes that gap.
 *
 * Private to the runner.
 *
 * @module
 */
import { becomeChildSubreaper, reapChild } from "../ffi/cpu.ts";
import { listPids, readProcFile } from "../ffi/proc.ts";
import { findProgram } from "./_launch.ts";

/** How external endpoints are contained on this machine (see the module documentation). */
export type ContainmentKind = "pid-namespace" | "session";

/** The prefix of a line a namespace's init prints when the command left processes running. */
export const LEFTOVER_MARK = "pipespeed-leftover:";

/**
 * The namespace's init: runs the command in the foreground (so its stdin stays the pipe and no
 * signal is ignored) in a subshell (so its parent is not PID 1, which programs take to mean their
 * parent died: native/pipe-endpoint.c does), then says whether anything else is left (`kill -0 -1` from an init reaches
 * every other process of its namespace), and exits with the command's status (128+n for a signal).
 */
const INIT_SCRIPT = `("$@"; exit $?); s=$?; kill -0 -1 2>/dev/null && echo "${LEFTOVER_MARK} $1" >&2; exit $s`;

let probed: { kind: ContainmentKind; prefix: string[] } | undefined;

/** The wrappers available here, found once: a PID namespace when `unshare` may create one. */
function probe(): { kind: ContainmentKind; prefix: string[] } {
  if (probed !== undefined) return probed;
  const setpriv = findProgram("setpriv");
  const dieWithRunner = setpriv === null ? [] : [setpriv, "--pdeathsig", "KILL", "--"];
  const unshare = findProgram("unshare");
  const sh = findProgram("sh");
  if (unshare !== null && sh !== null) {
    // As root, a PID namespace; otherwise one inside a user namespace, where that is allowed.
    for (const userFlags of [[], ["--user", "--map-current-user"]]) {
      const namespace = [unshare, ...userFlags, "--pid", "--fork", "--kill-child", "--"];
      if (works([...namespace, sh, "-c", "exit 0"])) {
        probed = { kind: "pid-namespace", prefix: [...dieWithRunner, ...namespace, sh, "-c", INIT_SCRIPT, "sh"] };
        return probed;
      }
    }
  }
  probed = { kind: "session", prefix: dieWithRunner };
  return probed;
}

/** Whether `argv` runs and exits with 0. */
function works(argv: string[]): boolean {
  try {
    return new Deno.Command(argv[0], { args: argv.slice(1), stdin: "null", stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** The containment of external endpoints here, or `session` when asked to (tests of the fallback). */
export function containmentKind(force?: "session"): ContainmentKind {
  return force ?? probe().kind;
}

/**
 * The argv that runs an external command `argv` contained (see the module documentation). In
 * `session` containment the runner becomes a child subreaper, so that orphans stay findable.
 */
export function contained(argv: string[], kind: ContainmentKind): string[] {
  const { prefix, kind: best } = probe();
  if (kind === "pid-namespace" && best === "pid-namespace") return [...prefix, ...argv];
  becomeChildSubreaper();
  const setpriv = prefix[0]?.endsWith("setpriv") ? prefix.slice(0, 4) : [];
  return [...setpriv, ...argv];
}

/** One process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Start time, clock ticks after boot. */
  start: number;
  /** The program's name (`comm`). */
  name: string;
}

/** Every process /proc shows now (one that ends while being read is left out). */
export function processTable(): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  for (const pid of listPids()) {
    const stat = readProcFile(`/proc/${pid}/stat`);
    if (stat === null) continue; // gone meanwhile
    const close = stat.lastIndexOf(")");
    // After the name: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime priority nice num_threads itrealvalue starttime ...
    const fields = stat.slice(close + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") continue; // dead, only not yet reaped
    table.push({
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      sid: Number(fields[3]),
      start: Number(fields[19]),
      name: stat.slice(stat.indexOf("(") + 1, close),
    });
  }
  return table;
}

/** This process's start time in clock ticks after boot (what a child's `start` is compared with). */
export function ticksNow(): number {
  // /proc/uptime is in seconds; ticks are 100 per second on every Linux build pipespeed runs on
  // (USER_HZ). Rounded down, so a process started in this same tick still counts as later.
  const uptime = Number((readProcFile("/proc/uptime") ?? "0").split(" ")[0]);
  return Math.floor(uptime * 100);
}

/**
 * The live processes of a run whose endpoints are `roots` (group leaders of their own sessions):
 * those in a root's session or process group, their descendants, and the orphans this runner
 * adopted (as a subreaper) since `since` — roots themselves left out.
 */
export function runProcesses(roots: readonly number[], since: number): ProcessInfo[] {
  const table = processTable();
  const rootSet = new Set(roots);
  const found = new Map<number, ProcessInfo>();
  for (const p of table) {
    if (rootSet.has(p.sid) || rootSet.has(p.pgid) || p.ppid === Deno.pid && p.start >= since && !rootSet.has(p.pid)) {
      found.set(p.pid, p);
    }
  }
  // Descendants, to a fixed point: a daemon's own children are the run's too.
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of table) {
      if (!found.has(p.pid) && (rootSet.has(p.ppid) || found.has(p.ppid))) {
        found.set(p.pid, p);
        grew = true;
      }
    }
  }
  for (const root of roots) found.delete(root);
  return [...found.values()];
}

/** SIGKILLs each process (one that already left is skipped). */
export function killAll(processes: readonly ProcessInfo[]): void {
  for (const p of processes) {
    try {
      Deno.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Reaps the adopted ones among `processes` (children of this runner that Deno never started, so
 * nothing else will ever wait for them), so no zombie stays behind.
 */
export async function reapAdopted(processes: readonly ProcessInfo[]): Promise<void> {
  const adopted = processes.filter((p) => p.ppid === Deno.pid);
  const deadline = Date.now() + 2_000;
  let waiting = adopted.map((p) => p.pid);
  while (waiting.length > 0 && Date.now() < deadline) {
    waiting = waiting.filter((pid) => !reapChild(pid));
    if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `sleep (pid 123), sh (pid 124)`: what was left, for a message. */
export function describeProcesses(processes: readonly ProcessInfo[]): string {
  return processes.map((p) => `${p.name} (pid ${p.pid})`).join(", ");
}
