/**
 * Noise evidence of one run: what else the machine was doing while it ran. Read from the kernel
 * before and after each run (nothing runs during it, so the probe does not disturb it):
 *
 * - steal: the share of all CPUs' time the hypervisor gave to other guests (`/proc/stat`, the
 *   `steal` column of the `cpu` line, over the sum of its columns);
 * - CPU and memory pressure: the share of the run's wall time during which some task waited for a
 *   CPU or for memory (`/proc/pressure/cpu`, `/proc/pressure/memory`, `some total=` in µs; absent
 *   without PSI). The run's own two processes count too: on a 2-CPU machine the runner, writer and
 *   reader can make CPU pressure themselves, so compare runs rather than read it as absolute;
 * - load: the 1-minute load average at the end of the run.
 *
 * A run whose steal reaches {@linkcode STEAL_SPIKE} (5% of CPU time) is flagged `stealSpike`
 * (the rule is `stats/steal.ts`'s, shared with the comparisons): on a 2-vCPU guest that is a tenth
 * of one vCPU for the whole run, far above the 0–1% of a quiet host, and enough to slow a pipe
 * transfer measurably. Each endpoint reports its own CPU migrations
 * (bench/endpoint/migrations.ts); they land in the sample's side reports.
 *
 * Kernel files are read through libc (Deno allows `/proc` reads only with `--allow-all`); without
 * FFI or on a kernel without a file the value is `null`.
 *
 * @module
 */
import { readWholeFile } from "../ffi/memory.ts";
import type { RunNoise } from "../model/types.ts";
import { isStealSpike } from "../stats/steal.ts";

export { STEAL_SPIKE } from "../stats/steal.ts";

/** The `cpu` line of /proc/stat: steal and total jiffies. */
export interface CpuTimes {
  /** Jiffies stolen. */
  steal: number;
  /** All jiffies (user … steal; guest time is already inside user). */
  total: number;
}

/** Kernel counters read before and after a run. */
export interface NoiseSnapshot {
  /** /proc/stat `cpu` line, `null` when unreadable. */
  cpu: CpuTimes | null;
  /** /proc/pressure/cpu `some total`, µs. */
  cpuPressure: number | null;
  /** /proc/pressure/memory `some total`, µs. */
  memoryPressure: number | null;
  /** When it was read (ms, monotonic). */
  at: number;
}

/**
 * The steal and total jiffies of the aggregate `cpu` line of /proc/stat, or `null`.
 *
 * @example
 * ```ts
 * parseCpuTimes("cpu  100 0 50 800 10 0 5 35 0 0\n"); // { steal: 35, total: 1000 }
 * ```
 */
export function parseCpuTimes(text: string | null): CpuTimes | null {
  const line = text?.split("\n").find((candidate) => candidate.startsWith("cpu "));
  if (line === undefined) return null;
  // user nice system idle iowait irq softirq steal guest guest_nice; guest is counted in user.
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((value) => !Number.isFinite(value))) return null;
  return { steal: fields[7], total: fields.reduce((sum, value) => sum + value, 0) };
}

/**
 * The `some … total=` of a /proc/pressure file, µs, or `null`.
 *
 * @example
 * ```ts
 * parsePressureTotal("some avg10=0.00 avg60=0.00 avg300=0.00 total=1234\n"); // 1234
 * ```
 */
export function parsePressureTotal(text: string | null): number | null {
  const match = /^some .*\btotal=(\d+)/m.exec(text ?? "");
  return match === null ? null : Number(match[1]);
}

function granted(): boolean {
  try {
    return Deno.permissions.querySync({ name: "ffi" }).state === "granted";
  } catch {
    return false;
  }
}

/** A kernel file's text through libc, or `null`. */
function readKernel(path: string): string | null {
  if (!granted()) return null;
  try {
    return readWholeFile(path);
  } catch {
    return null;
  }
}

/** Reads the counters now. `read` is injected by tests. */
export function noiseSnapshot(read: (path: string) => string | null = readKernel): NoiseSnapshot {
  return {
    cpu: parseCpuTimes(read("/proc/stat")),
    cpuPressure: parsePressureTotal(read("/proc/pressure/cpu")),
    memoryPressure: parsePressureTotal(read("/proc/pressure/memory")),
    at: performance.now(),
  };
}

/** A share in [0, 1], or `null` when a side is missing or nothing elapsed. */
function share(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || !(whole > 0)) return null;
  return Math.min(1, Math.max(0, part / whole));
}

/** Rounded to 4 decimals (0.01%): the kernel's counters are coarser than that. */
function rounded(value: number | null): number | null {
  return value === null ? null : Number(value.toFixed(4));
}

/**
 * The noise of a run from the counters before and after it, and the load average at its end.
 *
 * @example
 * ```ts
 * const before = noiseSnapshot();
 * await runOnce(params);
 * const noise = runNoise(before, noiseSnapshot(), loadAverageNow()[0]);
 * ```
 */
export function runNoise(before: NoiseSnapshot, after: NoiseSnapshot, load: number | null): RunNoise {
  const elapsedMicros = (after.at - before.at) * 1000;
  const delta = (a: number | null, b: number | null) => a === null || b === null ? null : b - a;
  const steal = before.cpu === null || after.cpu === null
    ? null
    : share(after.cpu.steal - before.cpu.steal, after.cpu.total - before.cpu.total);
  return {
    steal: rounded(steal),
    cpuPressure: rounded(share(delta(before.cpuPressure, after.cpuPressure), elapsedMicros)),
    memoryPressure: rounded(share(delta(before.memoryPressure, after.memoryPressure), elapsedMicros)),
    load: load !== null && Number.isFinite(load) ? load : null,
    stealSpike: isStealSpike(steal),
  };
}
