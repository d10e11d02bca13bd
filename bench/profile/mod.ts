/**
 * `--profile`: one measured run of each case recorded with `perf record -e cpu-clock -g` on the
 * case's two CPUs, folded per side (the writer's and the reader's process) into
 * `cases[].profile.{writer,reader}` — sample count, kernel share, top functions with their
 * shares, folded stacks. Where perf is missing or refused, the reason is given once and the run
 * goes on unprofiled.
 *
 * The profiler wraps a session's {@link RunFunction} and watches its events: the first measured
 * run of each case is recorded, every other run goes through untouched.
 *
 * @example
 * ```ts
 * const profiler = createProfiler({ isRoot: true, log: console.error });
 * const results = await runSession({ ...options, run: profiler.run, events: profiler.watch(events) });
 * profiler.attach(results);
 * ```
 *
 * @module
 */
import type { Profile } from "../../model/calibration-schema.ts";
import type { Results } from "../../model/types.ts";
import type { PlannedRun } from "../plan.ts";
import { type RunFunction, runOnce } from "../runner.ts";
import type { SessionEvents } from "../session.ts";
import { parsePerfScript, sideProfile } from "./fold.ts";
import { PERF_EVENT, perfAvailable, recordAround } from "./perf.ts";

/** What `createProfiler` returns. */
export interface Profiler {
  /** The run function to give the session. */
  run: RunFunction;
  /** The session's events, wrapped so the profiler knows which run is next. */
  watch(events: SessionEvents | undefined): SessionEvents;
  /** Why nothing is profiled, once known (`null` while it works). */
  problem(): string | null;
  /** Puts the profiles recorded into their cases (by id). */
  attach(results: Results): void;
}

/** Creates a profiler; `log` says once why profiling is off, when it is. */
export function createProfiler(
  options: { isRoot: boolean; log: (line: string) => void; base?: RunFunction },
): Profiler {
  const base = options.base ?? runOnce;
  const available = perfAvailable(options.isRoot);
  let problem: string | null = "reason" in available ? available.reason : null;
  if (problem !== null) options.log(`--profile: no profiles: ${problem}`);
  const profiles = new Map<string, Profile>();
  let next: { caseId: string; run: number } | null = null;

  const run: RunFunction = async (params, runOptions) => {
    const target = next;
    next = null;
    if (target === null || problem !== null || !("path" in available)) return await base(params, runOptions);
    const dir = await Deno.makeTempDir({ prefix: "pipespeed-profile-" });
    try {
      let pids: { writer: number | undefined; reader: number | undefined } = { writer: undefined, reader: undefined };
      const cpus = params.cpus === null ? null : [params.cpus.writer, params.cpus.reader];
      const recorded = await recordAround(available.path, cpus, `${dir}/perf.data`, () =>
        base(params, {
          ...runOptions,
          onSpawn: (spawned) => {
            pids = spawned;
            runOptions.onSpawn?.(spawned);
          },
        }));
      if (recorded.problem !== null) {
        problem = recorded.problem;
        options.log(`--profile: no profiles: ${problem}`);
      } else if (recorded.result.ok && recorded.script !== null) {
        const samples = parsePerfScript(recorded.script);
        profiles.set(target.caseId, {
          event: PERF_EVENT,
          run: target.run,
          writer: pids.writer === undefined ? null : sideProfile(samples, pids.writer),
          reader: pids.reader === undefined ? null : sideProfile(samples, pids.reader),
        });
      }
      return recorded.result;
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  };

  return {
    run,
    watch: (events) => ({
      runStarting(planned: PlannedRun, total, c) {
        next = !planned.warmup && !profiles.has(c.id) ? { caseId: c.id, run: planned.index } : null;
        events?.runStarting?.(planned, total, c);
      },
      runFinished: (...args) => events?.runFinished?.(...args),
    }),
    problem: () => problem,
    attach(results) {
      if (problem !== null) results.warnings.push(`--profile: no kernel profiles: ${problem}`);
      for (const c of results.cases) {
        const profile = profiles.get(c.id);
        if (profile !== undefined) c.profile = profile;
      }
    },
  };
}
