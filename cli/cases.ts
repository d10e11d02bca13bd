/**
 * The cases a command works on: scenario files loaded (with this machine's pipe limits and CPUs) and
 * filtered, every problem turned into a usage error.
 *
 * @module
 */
import { collectSystemInfo } from "../bench/system.ts";
import { caseFilter, filterCases } from "../bench/filter.ts";
import type { Case, SystemInfo } from "../model/types.ts";
import { expandGlobs, libraryFiles } from "../scenario/files.ts";
import {
  formatProblem,
  type LoadedScenarios,
  loadScenarioFiles,
  type ScenarioContext,
  ScenarioError,
} from "../scenario/scenario.ts";
import { UsageError, userPath } from "./args.ts";
import { checkReadable } from "./permissions.ts";

/** The scenario file `run` takes when given none. */
export const DEFAULT_SCENARIO = new URL("../scenarios/blog.yaml", import.meta.url).pathname;

/** "1 problem", "2 problems". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * A pattern as the user meant it: a path from where they started the task, but a bare name that
 * is no file there (`blog`) left bare, for the loader to look up in the scenario library.
 */
function asGiven(pattern: string): string {
  const path = userPath(pattern);
  if (pattern.includes("/")) return path;
  try {
    Deno.statSync(path);
    return path;
  } catch {
    return pattern;
  }
}

/** What this machine allows, for the scenario rules. */
export function machineContext(machine: SystemInfo): ScenarioContext {
  return {
    pipeMaxSize: machine.pipeMaxSize,
    mayExceedPipeMaxSize: machine.canExceedPipeMaxSize,
    allowedCpus: machine.allowedCpus,
  };
}

/** Where the cases come from when the command line names no file. */
export type NoFiles = "default" | "library";

/**
 * Loads scenario files (globs, as the user wrote them; none: {@link DEFAULT_SCENARIO}, or every
 * file of the library with `noFiles: "library"`). `system`: check pipe sizes against what this
 * machine allows; `null`: do not. Prints every problem, then throws a `UsageError`.
 */
export async function loadCases(
  patterns: string[],
  system?: SystemInfo | null,
  noFiles: NoFiles = "default",
): Promise<LoadedScenarios> {
  const machine = system === undefined ? await collectSystemInfo() : system;
  try {
    const files = patterns.length > 0
      ? await expandGlobs(patterns.map(asGiven))
      : noFiles === "library"
      ? libraryFiles()
      : [DEFAULT_SCENARIO];
    checkReadable(files);
    return await loadScenarioFiles(files, machine === null ? {} : machineContext(machine));
  } catch (error) {
    if (error instanceof ScenarioError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
      throw new UsageError(`${plural(error.problems.length, "problem")} in scenario files; nothing was run`);
    }
    if (error instanceof UsageError) throw error;
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
