/**
 * The summary section of the run report: one table per scenario, one row per case (median with a
 * bar scaled to the fastest case, CI, CV flagged when noisy, n, ratio to the scenario's first
 * case, failures).
 *
 * @module
 */
import type { CaseResult, Results } from "../../../model/types.ts";
import { formatPercent } from "../../format/percent.ts";
import { formatCi, formatGib, formatRatio } from "../../format/throughput.ts";
import { attribute, escapeHtml } from "../../page/escape.ts";
import { casesByScenario, scenarioOrder } from "../groups.ts";

/** A coefficient of variation above this is flagged in the summary table. */
const NOISY_CV = 0.05;

function ciCell(result: CaseResult): string {
  const summary = result.stats?.throughputGibPerSecond;
  if (!summary) return `<td class="num muted">—</td>`;
  const title = `95% CI of the median: ${formatGib(summary.ci95Low)} – ${formatGib(summary.ci95High)} GiB/s`;
  return `<td class="num" title=${attribute(title)}>${formatCi(summary)}</td>`;
}

function summaryRow(result: CaseResult, first: CaseResult, maximum: number): string {
  const summary = result.stats?.throughputGibPerSecond;
  const warningBadge = result.warnings.length > 0
    ? ` <a class="badge" href="#warnings" title=${
      attribute(result.warnings.join("\n"))
    }>⚠ ${result.warnings.length}</a>`
    : "";
  const failures = result.failures.length > 0
    ? `<td class="num failed">${result.failures.length}</td>`
    : `<td class="num muted">0</td>`;
  if (!summary) {
    return `<tr><td class="case">${escapeHtml(result.name)}${warningBadge}</td>` +
      `<td class="num muted">no sample</td><td class="num muted">—</td><td class="num muted">—</td>` +
      `<td class="num">0</td><td class="num muted">—</td>${failures}</tr>`;
  }
  const baseline = first.stats?.throughputGibPerSecond.median;
  const ratio = baseline ? formatRatio(summary.median / baseline) : "—";
  const width = maximum > 0 ? ((summary.median / maximum) * 100).toFixed(1) : "0";
  const cvClass = summary.cv > NOISY_CV ? "num noisy" : "num";
  const cvTitle = summary.cv > NOISY_CV ? ` title="noisy: CV above ${formatPercent(NOISY_CV)}"` : "";
  return `<tr><td class="case">${escapeHtml(result.name)}${warningBadge}</td>` +
    `<td class="num median"><span class="bar" style="width:${width}%"></span><span class="value">${
      formatGib(summary.median)
    }</span></td>${ciCell(result)}<td class="${cvClass}"${cvTitle}>${formatPercent(summary.cv)}</td>` +
    `<td class="num">${summary.n}</td><td class="num">${ratio}</td>${failures}</tr>`;
}

function scenarioDescription(results: Results, scenario: string): string {
  const info = results.scenarios.find((candidate) => candidate.name === scenario);
  if (!info) return "";
  const description = info.description === null ? "" : `${escapeHtml(info.description)} `;
  return `<p class="scenario-description">${description}<span class="muted">(${escapeHtml(info.file)})</span></p>`;
}

/** The summary section: per scenario, a table of the cases with median, CI, CV, n, ratio to the first case and failures. */
export function summarySection(results: Results): string {
  const groups = casesByScenario(results);
  const maximum = Math.max(0, ...results.cases.map((result) => result.stats?.throughputGibPerSecond.median ?? 0));
  const blocks = scenarioOrder(results).filter((name) => groups.has(name)).map((scenario) => {
    const cases = groups.get(scenario)!;
    const rows = cases.map((result) => summaryRow(result, cases[0], maximum)).join("\n");
    return `<h3>${escapeHtml(scenario)}</h3>${scenarioDescription(results, scenario)}
<div class="card table-scroll"><table>
<thead><tr><th>Case</th><th class="num">Median GiB/s</th><th class="num" title="95% bootstrap confidence interval of the median">±95% CI</th>` +
      `<th class="num" title="coefficient of variation">CV</th><th class="num">n</th>` +
      `<th class="num" title="median relative to the scenario's first case">vs first</th>` +
      `<th class="num">Failures</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
  });
  const body = blocks.length > 0 ? blocks.join("\n") : `<div class="card muted">No case in these results.</div>`;
  return `<section id="summary"><h2>Summary</h2>${body}</section>`;
}
