/**
 * `perf` for `--profile`: whether it can record here (installed, and permitted: root, or
 * `perf_event_paranoid` ≤ 1 for CPU-wide recording), and one recording of `cpu-clock` samples
 * with call chains on the given CPUs (every CPU when unpinned) around a piece of work, returned as
 * `perf script` text. `cpu-clock` is a software event: it works without a hardware PMU (VMs).
 * Samples are timed by `CLOCK_MONOTONIC` (`-k`), the clock the endpoints report their measured
 * window in, so that each side's profile can keep only its measured part.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readWholeFile } from "../../ffi/memory.ts";
import { findProgram } from "../runner.ts";

/** The event sampled. */
export const PERF_EVENT = "cpu-clock";
/** Samples per second per CPU. */
const FREQUENCY = 4999;
/** Time perf is given to set up before the work starts, ms. */
const SETTLE_MS = 300;

/** The path of `perf`, or why it cannot record CPU-wide here. */
export function perfAvailable(isRoot: boolean): { path: string } | { reason: string } {
  const path = findProgram("perf");
  if (path === null) return { reason: "perf is not installed (Debian/Ubuntu: apt install linux-perf)" };
  if (isRoot) return { path };
  let paranoid: number | null = null;
  try {
    paranoid = Number.parseInt(readWholeFile("/proc/sys/kernel/perf_event_paranoid"), 10);
  } catch {
    // unreadable: try anyway, perf will say
  }
  if (paranoid !== null && paranoid > 1) {
    return {
      reason: `perf_event_paranoid is ${paranoid}: recording whole CPUs needs root or ≤ 1 ` +
        "(sudo sysctl kernel.perf_event_paranoid=1)",
    };
  }
  return { path };
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => stderr = (stderr + text).slice(-4096));
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ code: null, stderr: error.message }));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/**
 * Records `cpu-clock` samples with call chains on `cpus` (`null`: every CPU) while `work` runs,
 * and returns the work's result with the `perf script` text, or the reason perf failed.
 */
export async function recordAround<T>(
  perf: string,
  cpus: number[] | null,
  dataFile: string,
  work: () => Promise<T>,
): Promise<{ result: T; script: string | null; problem: string | null }> {
  const where = cpus === null ? ["-a"] : ["-C", cpus.join(",")];
  const recorder = spawn(perf, [
    "record",
    "-q",
    "-e",
    PERF_EVENT,
    "-F",
    String(FREQUENCY),
    "-g",
    "-k",
    "CLOCK_MONOTONIC",
    ...where,
    "-o",
    dataFile,
  ], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const recorded = exited(recorder);
  const early = await Promise.race([
    recorded,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), SETTLE_MS)),
  ]);
  if (early !== null) {
    return {
      result: await work(),
      script: null,
      problem: `perf record failed: ${early.stderr.trim() || `exit ${early.code}`}`,
    };
  }
  let result: T;
  try {
    result = await work();
  } finally {
    recorder.kill("SIGINT");
  }
  const ended = await recorded;
  if (ended.code !== 0 && ended.code !== null) {
    return { result, script: null, problem: `perf record failed: ${ended.stderr.trim() || `exit ${ended.code}`}` };
  }
  const script = await new Deno.Command(perf, {
    args: ["script", "-i", dataFile, "-F", "comm,pid,tid,time,ip,sym,dso", "--ns"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!script.success) {
    return { result, script: null, problem: `perf script failed: ${new TextDecoder().decode(script.stderr).trim()}` };
  }
  return { result, script: new TextDecoder().decode(script.stdout), problem: null };
}
