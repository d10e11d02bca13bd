/**
 * The commands that look without running: `list` (the cases scenario files, or the library,
 * expand to),
 * `validate` (their problems) and `sysinfo` (this machine, and what makes numbers noisy).
 *
 * @module
 */
import pc from "picocolors";
import { collectSystemInfo, noiseWarnings } from "../bench/system.ts";
import { formatSystemInfo } from "../reports/system-info.ts";
import { caseMachineProblems, caseToJson } from "../scenario/scenario.ts";
import { loadCases, machineContext, plural, selectCases } from "./cases.ts";

/** The options of `list`. */
export interface ListCliOptions {
  json?: boolean;
  filter?: string;
}

/**
 * Prints the cases of the scenario files — none given: of every scenario of the library — grouped
 * by scenario, those `--filter` keeps (`json`: as one array of objects); returns the exit code.
 * It lists what the files declare: a case this machine cannot run (a pipe above pipe-max-size) is
 * listed and marked, not refused (`validate` and `run` refuse it).
 */
export async function listAction(files: string[], options: ListCliOptions): Promise<number> {
  const system = await collectSystemInfo();
  const { scenarios, cases } = await loadCases(files, null, "library");
  const kept = new Set(selectCases(cases, options.filter));
  if (options.json) {
    console.log(JSON.stringify(cases.filter((c) => kept.has(c)).map(caseToJson), null, 2));
    return 0;
  }
  const width = Math.max(...[...kept].map((c) => c.id.length));
  const groups = scenarios.map((scenario) => ({ scenario, cases: scenario.cases.filter((c) => kept.has(c)) }))
    .filter((group) => group.cases.length > 0);
  groups.forEach(({ scenario, cases }, index) => {
    if (index > 0) console.log("");
    const description = scenario.description === null ? "" : `  ${pc.dim(scenario.description.trim())}`;
    console.log(
      `${pc.bold(scenario.name)}  ${pc.dim(`(${plural(cases.length, "case")}, ${shownPath(scenario.file)})`)}`,
    );
    if (description !== "") console.log(description);
    for (const c of cases) {
      const problems = caseMachineProblems(c, machineContext(system));
      const mark = problems.length > 0 ? pc.yellow("  (pipe above this machine's pipe-max-size: cannot run here)") : "";
      console.log(`  ${c.id.padEnd(width)}  ${c.name}${mark}`);
    }
  });
  return 0;
}

/** A path relative to the working folder when it is inside it. */
function shownPath(path: string): string {
  const here = `${Deno.cwd()}/`;
  return path.startsWith(here) ? path.slice(here.length) : path;
}

/** Checks the scenario files; problems are a usage error (exit code 2). */
export async function validateAction(files: string[]): Promise<number> {
  const { scenarios, cases } = await loadCases(files);
  console.log(`ok: ${plural(scenarios.length, "scenario")}, ${plural(cases.length, "case")}`);
  return 0;
}

/** Prints the system metadata and its noise warnings; returns the exit code. */
export async function sysinfoAction(options: { json?: boolean }): Promise<number> {
  const info = await collectSystemInfo();
  if (options.json) {
    console.log(JSON.stringify({ ...info, warnings: noiseWarnings(info) }, null, 2));
    return 0;
  }
  console.log(formatSystemInfo(info));
  for (const warning of noiseWarnings(info)) console.log(pc.yellow(`warning: ${warning}`));
  return 0;
}
