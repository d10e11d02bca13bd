/**
 * `--profile`: one run of each case recorded with `perf record -e cpu-clock -g` on the case's two
 * CPUs, folded per side (the writer's and the reader's process) into
 * `cases[].profile.{writer,reader}` — sample count, kernel share, top functions with their
 * shares, folded stacks — over each side's measured window when its endpoint reports one (the
 * Deno endpoints do), over the whole run otherwise (an external command), as `window` says. Where
 * perf is missing or refused, the reason is given once and the run goes on unprofiled; a case left
 * without a profile gets a warning saying why.
 *
 * Which run: a case measured in independent runs has its first measured run recorded (the profiler
 * wraps the session's {@link RunFunction} and watches its events); a case measured in turns never
 * goes through that function (a session of turns holds many pairs at once, stopped and continued
 * block by block), so after the sessions {@link Profiler.finish} makes one extra run of it — the
 * run a `runs` schedule would make — and records that: its sample goes into no `samples`, and
 * the profile says `source: "extra run"`.
 *
 * @example
 * ```ts
 * const profiler = createProfiler({ isRoot: true, log: console.error });
 * const results = await runSession({ ...options, run: profiler.run, events: profiler.watch(events) });
 * await profiler.finish(results, { runOptions: options.runOptions });
 * ```
 *
 * @module
 */
import type { Profile } from "../../model/calibration-schema.ts";
import type { Results } from "../../model/types.ts";
import type { PlannedRun } from "../plan.ts";
import { type RunFunction, runOnce, type RunOptions, type RunOutcome } from "../runner.ts";
import { takesTurns } from "../schedule.ts";
import type { SessionEvents } from "../session.ts";
import { parsePerfScript, sideProfile } from "./fold.ts";
import { PERF_EVENT, perfAvailable, recordAround } from "./perf.ts";

/** The line said before the extra runs (the report says it again: reports/run/explain/text.ts). */
export const EXTRA_RUNS_NOTE =
  "--profile: the profiles of the cases measured in turns come from one extra run per case, made now, after the " +
  "sessions, outside the turns (its sample is not in the statistics)";

/** What `createProfiler` returns. */
export interface Profiler {
  /** The run function to give the session. */
  run: RunFunction;
  /** The session's events, wrapped so the profiler knows which run is next. */
  watch(events: SessionEvents | undefined): SessionEvents;
  /** Why nothing is profiled, once known (`null` while it works). */
  problem(): string | null;
  /**
   * After the session: one extra recorded run of each case measured in turns (none when the run
   * was interrupted), then {@link Profiler.attach}.
   */
  finish(results: Results, options?: { runOptions?: RunOptions }): Promise<void>;
  /** Puts the profiles recorded into their cases (by id); warns on each case left without one. */
  attach(results: Results): void;
}

/** Which run is recorded: a measured run of the plan (its number), or an extra one. */
type Target = { caseId: string; run: number | null };

/** Creates a profiler; `log` says once why profiling is off, when it is; `note` what it does (default `log`). */
export function createProfiler(
  options: { isRoot: boolean; log: (line: string) => void; note?: (line: string) => void; base?: RunFunction },
): Profiler {
  const base = options.base ?? runOnce;
  const note = options.note ?? options.log;
  const available = perfAvailable(options.isRoot);
  let problem: string | null = "reason" in available ? available.reason : null;
  if (problem !== null) options.log(`--profile: no profiles: ${problem}`);
  const profiles = new Map<string, Profile>();
  /** Why a case has no profile yet (its recorded run failed, …), by case id. */
  const missing = new Map<string, string>();
  let next: Target | null = null;

  const record = async (target: Target, params: Parameters<RunFunction>[0], runOptions: RunOptions) => {
    if (problem !== null || !("path" in available)) return await base(params, runOptions);
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
      } else if (!recorded.result.ok) {
        missing.set(target.caseId, `the recorded run failed: ${recorded.result.failure.reason}`);
      } else if (recorded.script !== null) {
        profiles.set(target.caseId, profileOf(parsePerfScript(recorded.script), pids, recorded.result, target));
        missing.delete(target.caseId);
      }
      return recorded.result;
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  };

  const run: RunFunction = async (params, runOptions) => {
    const target = next;
    next = null;
    return target === null ? await base(params, runOptions) : await record(target, params, runOptions);
  };

  const attach = (results: Results) => {
    if (problem !== null) {
      results.warnings.push(`--profile: no kernel profiles: ${problem}`);
      return;
    }
    for (const c of results.cases) {
      const profile = profiles.get(c.id);
      if (profile !== undefined) c.profile = profile;
      else {
        const why = missing.get(c.id) ?? "no measured run of it ran in this session";
        c.warnings.push(`--profile: no profile: ${why}`);
      }
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
    async finish(results, finishOptions = {}) {
      const inTurns = results.cases.filter((c) => takesTurns(c) && !profiles.has(c.id));
      if (problem === null && inTurns.length > 0) {
        if (results.interrupted) {
          for (const c of inTurns) missing.set(c.id, "the run was interrupted before its extra run for the profile");
        } else {
          note(EXTRA_RUNS_NOTE);
          for (const c of inTurns) {
            if (finishOptions.runOptions?.signal?.aborted) {
              missing.set(c.id, "interrupted before its extra run for the profile");
              continue;
            }
            // The outcome is the profile's only: nothing of it goes into the results.
            await record({ caseId: c.id, run: null }, c.params, finishOptions.runOptions ?? {});
          }
        }
      }
      attach(results);
    },
    attach,
  };
}

/** The profile of a recorded run: each side over its measured window, when its endpoint reported one. */
function profileOf(
  samples: ReturnType<typeof parsePerfScript>,
  pids: { writer: number | undefined; reader: number | undefined },
  outcome: RunOutcome & { ok: true },
  target: Target,
): Profile {
  const side = (name: "writer" | "reader") => {
    const pid = pids[name];
    return pid === undefined ? null : sideProfile(samples, pid, outcome.windows?.[name] ?? null);
  };
  return {
    event: PERF_EVENT,
    run: target.run,
    source: target.run === null ? "extra run" : "measured run",
    writer: side("writer"),
    reader: side("reader"),
  };
}
