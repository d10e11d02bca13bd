/**
 * CPU affinity and resource usage of the calling process.
 *
 * @module
 */
import { CLOCK_MONOTONIC, RUSAGE_SELF } from "./constants.ts";
import { check } from "./errno.ts";
import { libc } from "./libc.ts";

const CPU_SET_BYTES = 128; // cpu_set_t: 1024 CPUs

/**
 * Pins the calling process (all of its threads created afterwards) to one CPU.
 *
 * @example
 * ```ts
 * pinToCpu(0);
 * ```
 */
export function pinToCpu(cpu: number): void {
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
    throw new RangeError(`CPU must be an integer in 0..${CPU_SET_BYTES * 8 - 1}, got ${cpu}`);
  }
  const mask = new Uint8Array(CPU_SET_BYTES);
  mask[cpu >> 3] = 1 << (cpu & 7);
  check("sched_setaffinity", libc().sched_setaffinity(0, BigInt(CPU_SET_BYTES), mask), `CPU ${cpu}`);
}

/** The CPUs the calling process may run on (`sched_getaffinity`). */
export function allowedCpus(): number[] {
  const mask = new Uint8Array(CPU_SET_BYTES);
  check("sched_getaffinity", libc().sched_getaffinity(0, BigInt(CPU_SET_BYTES), mask));
  const cpus: number[] = [];
  for (let cpu = 0; cpu < CPU_SET_BYTES * 8; cpu++) {
    if (mask[cpu >> 3] & (1 << (cpu & 7))) cpus.push(cpu);
  }
  return cpus;
}

/** What `getrusage(RUSAGE_SELF)` reports, in named units. */
export interface ResourceUsage {
  /** CPU time in user mode. */
  userSeconds: number;
  /** CPU time in the kernel. */
  systemSeconds: number;
  /** Context switches because the process waited (blocked). */
  voluntaryContextSwitches: number;
  /** Context switches because the scheduler preempted it. */
  involuntaryContextSwitches: number;
  /** Page faults served without I/O. */
  minorPageFaults: number;
  /** Page faults that needed I/O. */
  majorPageFaults: number;
}

/** The calling process's resource usage so far. */
export function resourceUsage(): ResourceUsage {
  // struct rusage: two struct timeval, then 14 longs.
  const raw = new BigInt64Array(18);
  check("getrusage", libc().getrusage(RUSAGE_SELF, new Uint8Array(raw.buffer)));
  const n = (i: number) => Number(raw[i]);
  return {
    userSeconds: n(0) + n(1) / 1e6,
    systemSeconds: n(2) + n(3) / 1e6,
    minorPageFaults: n(4 + 4),
    majorPageFaults: n(4 + 5),
    voluntaryContextSwitches: n(4 + 12),
    involuntaryContextSwitches: n(4 + 13),
  };
}

/** `after - before`, field by field: the usage of the part in between. */
export function usageBetween(before: ResourceUsage, after: ResourceUsage): ResourceUsage {
  return {
    userSeconds: after.userSeconds - before.userSeconds,
    systemSeconds: after.systemSeconds - before.systemSeconds,
    voluntaryContextSwitches: after.voluntaryContextSwitches - before.voluntaryContextSwitches,
    involuntaryContextSwitches: after.involuntaryContextSwitches - before.involuntaryContextSwitches,
    minorPageFaults: after.minorPageFaults - before.minorPageFaults,
    majorPageFaults: after.majorPageFaults - before.majorPageFaults,
  };
}

const timespec = new BigInt64Array(2);
const timespecBytes = new Uint8Array(timespec.buffer);

/** `CLOCK_MONOTONIC` in seconds, nanosecond resolution (the reader's clock). */
export function monotonicSeconds(): number {
  libc().clock_gettime(CLOCK_MONOTONIC, timespecBytes);
  return Number(timespec[0]) + Number(timespec[1]) / 1e9;
}

const PR_SET_PDEATHSIG = 1;
const PR_SET_THP_DISABLE = 41;

/** Turns transparent huge pages off for this process (what a machine with THP `never` does). */
export function disableTransparentHugePages(): void {
  check("prctl(PR_SET_THP_DISABLE)", libc().prctl(PR_SET_THP_DISABLE, 1n, 0n, 0n, 0n));
}

const SIGKILL = 9;

/**
 * Asks the kernel to SIGKILL this process when its parent dies, so an endpoint never outlives a
 * runner that was killed itself.
 */
export function dieWithParent(): void {
  check("prctl(PR_SET_PDEATHSIG)", libc().prctl(PR_SET_PDEATHSIG, BigInt(SIGKILL), 0n, 0n, 0n));
}

const PR_SET_CHILD_SUBREAPER = 36;
let subreaper = false;

/**
 * Makes this process a child subreaper (once): a process orphaned below it comes back to it rather
 * than to PID 1, so the runner can still find (and kill) what an endpoint left behind.
 */
export function becomeChildSubreaper(): void {
  if (subreaper) return;
  check("prctl(PR_SET_CHILD_SUBREAPER)", libc().prctl(PR_SET_CHILD_SUBREAPER, 1n, 0n, 0n, 0n));
  subreaper = true;
}

const WNOHANG = 1;
const waitStatus = new Int32Array(1);

/**
 * Reaps `pid` if it is a child of this process that has ended (`waitpid(pid, WNOHANG)`): `true`
 * when it is reaped or is not (or no longer) a child, `false` while it still runs. Only for
 * children that nothing else waits for (orphans a subreaper adopted).
 */
export function reapChild(pid: number): boolean {
  return libc().waitpid(pid, new Uint8Array(waitStatus.buffer), WNOHANG) !== 0;
}

const CLONE_FILES = 0x400;

/**
 * Gives the calling thread a private copy of the descriptor table (`unshare(CLONE_FILES)`).
 *
 * A Deno process always has several threads, and they share one descriptor table; the kernel then
 * takes and drops a reference on the file in every read, write, vmsplice and splice (a
 * single-threaded C program skips that: `fdget` sees a table nobody else uses). With its own table
 * the main thread takes the single-threaded path again. Measured here with `deno task bench:calls`
 * (one vmsplice + one splice of 128 KiB, huge pages): about 70–100 ns less per step, 4%.
 *
 * The other threads keep the old table, so descriptors opened afterwards exist only for the main
 * thread — which is the only one an endpoint uses them from.
 */
export function unshareFileTable(): void {
  check("unshare(CLONE_FILES)", libc().unshare(CLONE_FILES));
}
