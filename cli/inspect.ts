/**
 * The commands that look without running: `list` (the cases scenario files expand to),
 * `validate` (their problems) and `sysinfo` (this machine, and what makes numbers noisy).
 *
 * @module
 */
import pc from "picocolors";
import { collectSystemInfo, noiseWarnings } from "../bench/system.ts";
import { formatSystemInfo } from "../reports/system-info.ts";
import { caseToJson } from "../scenario/scenario.ts";
import { loadCases } from "./cases.ts";

/** Prints the cases of the scenario files (`json`: as an array of objects); returns the exit code. */
export async function listAction(files: string[], options: { json?: boolean }): Promise<number> {
  const { cases } = await loadCases(files);
  if (options.json) {
    console.log(JSON.stringify(cases.map(caseToJson), null, 2));
    return 0;
  }
  const width = Math.max(...cases.map((c) => c.id.length));
  for (const c of cases) console.log(`${c.id.padEnd(width)}  ${c.name}`);
  return 0;
}

/** Checks the scenario files; problems are a usage error (exit code 2). */
export async function validateAction(files: string[]): Promise<number> {
  const { scenarios, cases } = await loadCases(files);
  console.log(`ok: ${scenarios.length} scenario(s), ${cases.length} case(s)`);
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
