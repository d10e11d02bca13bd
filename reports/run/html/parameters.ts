/**
 * The parameters section of the run report: per scenario, each case's parameters as run (sides,
 * flags, sizes, time, repetitions, CPUs, verification) and its id.
 *
 * @module
 */
import type { CaseParams, CaseResult, Results } from "../../../model/types.ts";
import { formatBytes } from "../../format/bytes.ts";
import { formatSeconds } from "../../format/duration.ts";
import { endpointLabel, flagWords } from "../../format/labels.ts";
import { attribute, escapeHtml } from "../../page/escape.ts";
import { casesByScenario, scenarioOrder } from "../groups.ts";

function endpointCell(endpoint: CaseParams["writer"] | CaseParams["reader"]): string {
  if (typeof endpoint === "string") return escapeHtml(endpoint);
  return `<code title=${attribute(endpoint.command.join(" "))}>${escapeHtml(endpoint.command.join(" "))}</code>` +
    ` <span class="muted">(${escapeHtml(endpointLabel(endpoint))})</span>`;
}

function parameterRow(result: CaseResult): string {
  const params = result.params;
  const flags = flagWords(params);
  const cells = [
    `<td class="case">${escapeHtml(result.name)}</td>`,
    `<td>${endpointCell(params.writer)}</td>`,
    `<td>${endpointCell(params.reader)}</td>`,
    `<td>${flags.length > 0 ? escapeHtml(flags.join(", ")) : `<span class="muted">—</span>`}</td>`,
    `<td class="num">${formatBytes(params.bufferSize)}</td>`,
    `<td class="num">${
      params.pipeSize === null ? `<span class="muted">default</span>` : formatBytes(params.pipeSize)
    }</td>`,
    `<td class="num">${formatBytes(params.bytes)}</td>`,
    `<td class="num">${params.duration > 0 ? formatSeconds(params.duration) : "—"}</td>`,
    `<td class="num">${params.repetitions}</td>`,
    `<td class="num">${params.warmup}</td>`,
    `<td class="num">${params.cpus === null ? "—" : `${params.cpus.writer} → ${params.cpus.reader}`}</td>`,
    `<td>${params.verify ? "yes" : "no"}</td>`,
    `<td class="muted id">${escapeHtml(result.id)}</td>`,
  ];
  return `<tr>${cells.join("")}</tr>`;
}

/** The parameters section: per scenario, every case's parameters as run, and its id. */
export function parametersSection(results: Results): string {
  const groups = casesByScenario(results);
  const blocks = scenarioOrder(results).filter((name) => groups.has(name)).map((scenario) =>
    `<h3>${escapeHtml(scenario)}</h3><div class="card table-scroll"><table>
<thead><tr><th>Case</th><th>Writer</th><th>Reader</th><th>Flags</th><th class="num">Buffer</th>` +
    `<th class="num">Pipe</th><th class="num">Bytes</th><th class="num">Min time</th><th class="num">Reps</th>` +
    `<th class="num">Warm-up</th><th class="num">CPUs w → r</th><th>Verify</th><th>Id</th></tr></thead>
<tbody>
${groups.get(scenario)!.map(parameterRow).join("\n")}
</tbody></table></div>`
  );
  return `<section id="parameters"><h2>Case parameters as run</h2>${blocks.join("\n")}</section>`;
}
