/**
 * The machines of several runs side by side, one column per run: host, kernel, CPU, CPUs, THP,
 * pipe-max-size, hypervisor, the kernel's semantics (when probed), versions, run id, start and file; as an HTML table and as Markdown.
 *
 * @module
 */
import type { RunLabel } from "../../stats/compare.ts";
import { formatBytes } from "../format/bytes.ts";
import { kernelSemanticsSideBySide } from "../kernel-semantics.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { escapeHtml } from "../page/escape.ts";

/**
 * One row per fact, one column per run.
 *
 * @example
 * ```ts
 * const [[fact, values]] = machineRows([base, current]); // ["Host", ["bench-01", "bench-02"]]
 * ```
 */
export function machineRows(runs: RunLabel[]): [string, string[]][] {
  const thp = (run: RunLabel) => {
    // The selected value: `madvise` from `always [madvise] never`.
    const selected = (value: string | null) => value === null ? "—" : value.match(/\[([^\]]+)\]/)?.[1] ?? value;
    const { enabled, defrag } = run.system.transparentHugePages;
    return `${selected(enabled)} (defrag ${selected(defrag)})`;
  };
  return [
    ["Host", runs.map((run) => run.system.hostname)],
    ["Kernel", runs.map((run) => run.system.kernelRelease)],
    ["CPU", runs.map((run) => `${run.system.cpuModel} (${run.system.architecture})`)],
    ["CPUs", runs.map((run) => String(run.system.onlineCpus))],
    ["THP", runs.map(thp)],
    ["pipe-max-size", runs.map((run) => run.system.pipeMaxSize === null ? "—" : formatBytes(run.system.pipeMaxSize))],
    ["Hypervisor", runs.map((run) => run.system.hypervisor ? "yes" : "no")],
    ...kernelSemanticsSideBySide(runs.map((run) => run.system.kernelSemantics)),
    ["Deno", runs.map((run) => run.system.versions.deno)],
    ["pipespeed", runs.map((run) => run.system.versions.pipespeed)],
    ["Run id", runs.map((run) => run.runId)],
    ["Started", runs.map((run) => run.startedAt)],
    ["File", runs.map((run) => run.file)],
  ];
}

/**
 * The machines side by side as an HTML table, one column per run (headed by its label).
 *
 * @example
 * ```ts
 * const section = `<section id="system"><h2>Machines</h2>${machinesTableHtml([base, current])}</section>`;
 * ```
 */
export function machinesTableHtml(runs: RunLabel[]): string {
  const head = runs.map((run) => `<th>${escapeHtml(run.label)}</th>`).join("");
  const body = machineRows(runs).map(([fact, values]) =>
    `<tr><th scope="row">${escapeHtml(fact)}</th>${
      values.map((value) => `<td>${escapeHtml(value)}</td>`).join("")
    }</tr>`
  ).join("\n");
  return `<div class="card table-scroll"><table class="machines">
<thead><tr><th></th>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

/**
 * The machines side by side as Markdown table lines.
 *
 * @example
 * ```ts
 * lines.push("### Machines", "", ...machinesTableMarkdown([base, current]), "");
 * ```
 */
export function machinesTableMarkdown(runs: RunLabel[]): string[] {
  return markdownTable(
    ["", ...runs.map((run) => escapeMarkdown(run.label))],
    ["left", ...runs.map(() => "left" as const)],
    machineRows(runs).map(([fact, values]) => [fact, ...values.map(escapeMarkdown)]),
  );
}
