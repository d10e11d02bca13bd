/**
 * The cases a command works on: scenario files loaded (with this machine's pipe limits) and
 * filtered, every problem turned into a usage error.
 *
 * @module
 */
import { collectSystemInfo } from "../bench/system.ts";
import { caseFilter, filterCases } from "../bench/filter.ts";
import type { Case, SystemInfo } from "../model/types.ts";
import { expandGlobs } from "../scenario/files.ts";
import { formatProblem, type LoadedScenarios, loadScenarioFiles, ScenarioError } from "../scenario/scenario.ts";
import { UsageError, userPath } from "./args.ts";

/** The scenario file `run` and `list` take when given none. */
export const DEFAULT_SCENARIO = new URL("../scenarios/blog.yaml", import.meta.url).pathname;

/**
 * Loads scenario files (globs, as the user wrote them; none: {@link DEFAULT_SCENARIO}), checking
 * pipe sizes against what this machine allows. Prints every problem, then throws a `UsageError`.
 */
export async function loadCases(patterns: string[], system?: SystemInfo): Promise<LoadedScenarios> {
  const machine = system ?? await collectSystemInfo();
  try {
    const files = await expandGlobs(patterns.length > 0 ? patterns.map(userPath) : [DEFAULT_SCENARIO]);
    return await loadScenarioFiles(files, {
      pipeMaxSize: machine.pipeMaxSize,
      mayExceedPipeMaxSize: machine.canExceedPipeMaxSize,
    });
  } catch (error) {
    if (error instanceof ScenarioError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
      throw new UsageError(`${error.problems.length} problem(s) in scenario files; nothing was run`);
    }
    throw new UsageError((error as Error).message);
  }
}

/** The cases `--filter` keeps (all without one); a bad or unmatched filter is a usage error. */
export function selectCases(cases: Case[], filter: string | undefined): Case[] {
  if (filter === undefined) return cases;
  let pattern: RegExp;
  try {
    pattern = caseFilter(filter);
  } catch (error) {
    throw new UsageError(`--filter: ${(error as Error).message}`);
  }
  const kept = filterCases(cases, pattern);
  if (kept.length === 0) throw new UsageError(`--filter ${filter} matches no case (ids look like blog/write_read)`);
  return kept;
}
