/**
 * The system section of the run report: the machine (CPU, kernel, THP, pipe-max-size, load...)
 * and the run and its software (ids, seed, versions).
 *
 * @module
 */
import type { Results, SystemInfo } from "../../../model/types.ts";
import { formatBytes } from "../../format/bytes.ts";
import { formatCpuList } from "../../format/cpus.ts";
import { escapeHtml } from "../../page/escape.ts";

function systemRows(system: SystemInfo): [string, string][] {
  const load = (values: number[] | null) => values === null ? "—" : values.map((value) => value.toFixed(2)).join(" ");
  const orDash = (value: string | null) => value ?? "—";
  return [
    ["Host", system.hostname],
    ["CPU", system.cpuModel],
    ["Online CPUs", String(system.onlineCpus)],
    ["Allowed CPUs", formatCpuList(system.allowedCpus)],
    ["Kernel", system.kernelRelease],
    ["Architecture", system.architecture],
    ["Virtualised", system.hypervisor ? "yes (hypervisor flag)" : "no"],
    ["CPU governor", orDash(system.cpufreqGovernor)],
    ["THP enabled", orDash(system.transparentHugePages.enabled)],
    ["THP defrag", orDash(system.transparentHugePages.defrag)],
    ["pipe-max-size", system.pipeMaxSize === null ? "—" : formatBytes(system.pipeMaxSize)],
    ["Memory", system.memoryBytes === null ? "—" : formatBytes(system.memoryBytes)],
    ["Load average", `${load(system.loadAverage.start)} → ${load(system.loadAverage.end)}`],
    ["Root", system.isRoot ? "yes" : "no"],
  ];
}

function runRows(results: Results): [string, string][] {
  const versions = results.system.versions;
  return [
    ["Run id", results.runId],
    ["Started", results.startedAt],
    ["Finished", results.finishedAt ?? "— (not finished)"],
    ["Seed", String(results.seed)],
    ["Quick mode", results.options.quick ? "yes" : "no"],
    ["Filter", results.options.filter ?? "—"],
    ["pipespeed", versions.pipespeed + (versions.gitCommit === null ? "" : ` (${versions.gitCommit.slice(0, 12)})`)],
    ["Deno", versions.deno],
    ["V8", versions.v8],
    ["TypeScript", versions.typescript],
  ];
}

function definitionList(rows: [string, string][]): string {
  return `<dl class="system">${
    rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join("")
  }</dl>`;
}

/** The system section: the machine, and the run and its software, as two definition lists. */
export function systemSection(results: Results): string {
  return `<section id="system"><h2>System</h2><div class="grid-2">
<div class="card"><h3>Machine</h3>${definitionList(systemRows(results.system))}</div>
<div class="card"><h3>Run and software</h3>${definitionList(runRows(results))}</div>
</div></section>`;
}
