/**
 * The engine, the package's `./bench` entry: one run (two pinned processes, one pipe, real
 * syscalls through FFI), a shuffled plan of runs, a whole journaled session, the machine's metadata
 * and noise warnings, and the C comparison. Needs `--allow-ffi` and `--allow-run` to run anything;
 * it spawns its endpoint files by path, so run it from a copy of the package on disk (a checkout).
 * Loads neither the reports, Plotly nor playwright-core.
 *
 * @example
 * ```ts
 * import { runOnce } from "./mod.ts";
 * import { loadScenarioFiles } from "../scenario/mod.ts";
 *
 * const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 * const outcome = await runOnce({ ...cases[0].params, bytes: 64 * 1024 * 1024 });
 * if (outcome.ok) console.log(`${outcome.sample.gibPerSecond.toFixed(2)} GiB/s`);
 * ```
 *
 * @module
 */
export {
  DEFAULT_WARMUP_BYTES,
  type MeasuredWindow,
  type RunFunction,
  runOnce,
  type RunOptions,
  type RunOutcome,
} from "./runner.ts";
export { type PlannedRun, planRuns, QUICK_BYTES, quickCase } from "./plan.ts";
export { type ResumeOptions, resumeSession, runSession, type SessionEvents, type SessionOptions } from "./session.ts";
export { collectSystemInfo, noiseWarnings } from "./system.ts";
export type { TurnsFunction } from "./schedule.ts";
export { kernelSemanticsOrNull } from "./semantics.ts";
export { type FastCallProbe, fastCallProbe } from "../ffi/fastpath.ts";
export type { LoopOptions, ReaderLoop, WriterLoop } from "../ffi/transfer.ts";
