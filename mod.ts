/**
 * pipespeed: how fast are Linux pipes on this machine, and why?
 *
 * A benchmark suite that moves data between two pinned processes through one pipe with real
 * `write`/`read`/`vmsplice`/`splice` syscalls (through Deno's FFI, no build step), driven by
 * declarative scenario files, with statistics, system metadata and reports.
 *
 * Most users run the CLI (`deno task bench`, `deno task pipespeed ...`). This module is the
 * programmatic API: load scenarios, run them, and render results. It gathers the package's
 * subpath entries, which a program that needs one part imports alone, without the others' weight:
 *
 * - `./scenario` — load, validate and expand scenario files
 * - `./model` — the types, sizes and durations, `results.json` (schema, read, write)
 * - `./stats` — descriptive statistics, bootstrap intervals, Mann–Whitney, compare and merge runs
 * - `./exports` — results as JSON, JSON Lines, CSV, Markdown, github-action-benchmark
 * - `./bench` — the engine: one run, a plan, a journaled session, system metadata (FFI)
 * - `./reports` — HTML and Markdown reports (Plotly inlined) and their SVG/PNG export
 *   (playwright-core, loaded when it runs)
 *
 * @example
 * ```ts
 * import { loadScenarioFiles, runOnce } from "./mod.ts";
 *
 * const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 * const outcome = await runOnce({ ...cases[0].params, bytes: 64 * 1024 * 1024 });
 * if (outcome.ok) console.log(`${outcome.sample.gibPerSecond.toFixed(2)} GiB/s`);
 * ```
 *
 * @module
 */
export * from "./scenario/mod.ts";
export * from "./model/mod.ts";
export * from "./stats/mod.ts";
export * from "./bench/mod.ts";
export {
  type PingPong,
  pingPong,
  type PingPongConfig,
  type PingPongOptions,
  type PingPongResult,
  runPingPong,
} from "./native/pingpong.ts";
export * from "./reports/mod.ts";
