/**
 * The summary section of the run report: the run table model (`../table.ts`) as one HTML table per
 * scenario — the median with a bar scaled to the fastest case, the CV flagged when noisy, a badge
 * on cases with warnings — the cases whose samples have two modes under each table, and the note on
 * the intervals under the tables.
 *
 * @module
 */
import type { Results } from "../../../model/types.ts";
import { formatPercent } from "../../format/percent.ts";
import { attribute, escapeHtml } from "../../page/escape.ts";
import { type RunColumn, type RunRow, runTable, type RunTableGroup } from "../table.ts";
import { LATENCY_COLUMNS, LATENCY_NOTE, latencyTable } from "../latency-table.ts";

/** A coefficient of variation above this is flagged in the summary table. */
const NOISY_CV = 0.05;

function caseCell(row: RunRow): string {
  const badge = row.warnings.length > 0
    ? ` <a class="badge" href="#warnings" title=${attribute(row.warnings.join("\n"))}>⚠ ${row.warnings.length}</a>`
    : "";
  return `<td class="case">${escapeHtml(row.name)}${badge}</td>`;
}

function numberCell(column: RunColumn, row: RunRow, index: number, maximum: number): string {
  const cell = row.cells[index];
  const text = escapeHtml(cell.text);
  if (cell.value === null) return `<td class="num muted">${text}</td>`;
  switch (column.key) {
    case "median": {
      const width = maximum > 0 ? (((cell.value as number) / maximum) * 100).toFixed(1) : "0";
      return `<td class="num median"><span class="bar" style="width:${width}%"></span>` +
        `<span class="value">${text}</span></td>`;
    }
    case "cv":
      return (cell.value as number) > NOISY_CV
        ? `<td class="num noisy" title="noisy: CV above ${formatPercent(NOISY_CV)}">${text}</td>`
        : `<td class="num">${text}</td>`;
    case "ci": {
      const n = row.summary?.n ?? 0;
      const method = row.summary?.ci95Method === "bootstrap" ? "percentile bootstrap" : "order statistics";
      return `<td class="num" title=${attribute(`rests on ${n} independent samples (runs); ${method}`)}>${text}</td>`;
    }
    case "failed":
      return row.failures > 0 ? `<td class="num failed">${text}</td>` : `<td class="num muted">${text}</td>`;
    default:
      return `<td class="num">${text}</td>`;
  }
}

function groupHtml(group: RunTableGroup, columns: readonly RunColumn[], maximum: number): string {
  const head = columns.map((column) =>
    `<th${column.align === "right" ? ` class="num"` : ""} title=${attribute(column.title)}>${
      escapeHtml(column.label)
    }</th>`
  ).join("");
  const rows = group.rows.map((row) =>
    `<tr>${
      columns.map((column, i) => column.key === "case" ? caseCell(row) : numberCell(column, row, i, maximum)).join("")
    }</tr>`
  ).join("\n");
  const description = group.description === null ? "" : `${escapeHtml(group.description)} `;
  const file = group.file === null ? "" : `<span class="muted">(${escapeHtml(group.file)})</span>`;
  const about = description === "" && file === "" ? "" : `<p class="scenario-description">${description}${file}</p>`;
  const notes = group.notes.length === 0
    ? ""
    : `\n<ul class="modes">${group.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ul>`;
  return `<h3>${escapeHtml(group.scenario)}</h3>${about}
<div class="card table-scroll"><table>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div>${notes}`;
}

/** The summary section: per scenario, the run table (median, 95% CI, CV, vs first, runs, failed), then its note. */
export function summarySection(results: Results): string {
  const table = runTable(results);
  const maximum = Math.max(0, ...results.cases.map((result) => result.stats?.throughputGibPerSecond.median ?? 0));
  const blocks = table.groups.map((group) => groupHtml(group, table.columns, maximum));
  if (table.note !== null) blocks.push(`<p class="note muted">${escapeHtml(table.note)}</p>`);
  const latency = latencyTable(results);
  for (const group of latency) {
    const head = LATENCY_COLUMNS.map((label, i) => `<th${i > 0 ? ' class="num"' : ""}>${escapeHtml(label)}</th>`);
    const rows = group.rows.map((row) =>
      `<tr>${
        row.map((text, i) => `<td${i > 0 ? ' class="num"' : ' class="case"'}>${escapeHtml(text)}</td>`).join("")
      }</tr>`
    );
    blocks.push(`<h3>${escapeHtml(group.scenario)} — latency</h3><div class="card table-scroll"><table>
<thead><tr>${head.join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`);
  }
  if (latency.length > 0) blocks.push(`<p class="note muted">${escapeHtml(LATENCY_NOTE)}</p>`);
  const body = blocks.length > 0 ? blocks.join("\n") : `<div class="card muted">No case in these results.</div>`;
  return `<section id="summary"><h2>Summary</h2>${body}</section>`;
}
