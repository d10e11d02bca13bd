/**
 * Renderers of a {@link Merged} (`pipespeed merge`): the same cases measured on several machines,
 * as grouped charts, a self-contained `report.html`, `summary.md`, and chart images.
 *
 * @example
 * ```ts
 * const merged = mergeResults([{ results: a, file: "a.json" }, { results: b, file: "b.json" }]);
 * await writeMergedReport(merged, "out", { images: false, log: console.log });
 * ```
 *
 * @module
 */
import type { Merged, MergedCase } from "../stats/compare.ts";
import type { Summary } from "../model/types.ts";
import { axis, baseLayout, categoryAxis, type Figure, PALETTE, sampleBoxTrace } from "./charts.ts";
import {
  chartsSectionFor,
  distinctCaseLabels,
  imageLines,
  machinesTableHtml,
  machinesTableMarkdown,
  medianCellsHtml,
  type ReportMarkdownOptions,
  reportPage,
  type WriteComparisonOptions,
  type WrittenComparison,
} from "./compare.ts";
import { escapeHtml, escapeMarkdown, escapePlotlyText, formatCi, formatGib, roundSignificant } from "./format.ts";
import { CHARTS_DIR, writeReportFiles } from "./write.ts";

const INK = "#1f2937";

function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length];
}

function headlineChart(m: Merged, labels: string[]): Figure {
  const title = "Median throughput per case and machine";
  const data = m.machines.map((machine, index) => {
    const summaries = m.cases.map((c) => c.perMachine[index]);
    return {
      type: "bar",
      name: escapePlotlyText(machine.label),
      x: labels.map(escapePlotlyText),
      y: summaries.map((s) => s === null ? null : roundSignificant(s.median)),
      marker: { color: colourAt(index), line: { width: 0 } },
      error_y: {
        type: "data",
        symmetric: false,
        array: summaries.map((s) => s === null ? null : roundSignificant(s.ci95High - s.median)),
        arrayminus: summaries.map((s) => s === null ? null : roundSignificant(s.median - s.ci95Low)),
        color: INK,
        thickness: 1.5,
        width: 4,
      },
      customdata: summaries.map((s) =>
        s === null ? [null, null, 0] : [roundSignificant(s.ci95Low), roundSignificant(s.ci95High), s.n]
      ),
      hovertemplate: "<b>%{x}</b><br>%{fullData.name}<br>median %{y:.3f} GiB/s<br>" +
        "95% CI %{customdata[0]:.3f} – %{customdata[1]:.3f}<br>n = %{customdata[2]}<extra></extra>",
    };
  });
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: axis({ title: { text: "GiB/s (median, 95% CI)" }, rangemode: "tozero" }),
    barmode: "group",
    bargap: 0.2,
    bargroupgap: 0.05,
  });
  return { name: "merged-headline", title, data, layout };
}

function distributionChart(m: Merged, labels: string[]): Figure {
  const title = "Every sample per case and machine";
  const data = m.machines.map((machine, index) =>
    sampleBoxTrace(machine.label, labels, m.cases.map((c) => c.samples[index]), colourAt(index))
  );
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: axis({ title: { text: "GiB/s per run" }, rangemode: "tozero" }),
    boxmode: "group",
    hovermode: "closest",
  });
  return { name: "merged-distribution", title, data, layout };
}

/**
 * The merge charts: `merged-headline` (grouped bars, x = case, one trace per machine named by its
 * label, 95% CI whiskers) and `merged-distribution` (every sample, box with points, grouped the
 * same way). Empty when there is no case or no machine.
 *
 * @example
 * ```ts
 * const [headline] = mergedFigures(merged);
 * ```
 */
export function mergedFigures(m: Merged): Figure[] {
  if (m.cases.length === 0 || m.machines.length === 0) return [];
  const labels = distinctCaseLabels(m.cases);
  const figures = [headlineChart(m, labels)];
  if (m.cases.some((c) => c.samples.some((values) => values.length > 0))) figures.push(distributionChart(m, labels));
  return figures;
}

/** median(machine) / median(first machine), or `null` when either is missing. */
function ratioToFirst(c: MergedCase, index: number): number | null {
  const first = c.perMachine[0];
  const other = c.perMachine[index];
  return first === null || other === null || first.median === 0 ? null : other.median / first.median;
}

const MERGED_CAPTIONS: Record<string, string> = {
  "merged-headline": "Bars: median throughput of each case on each machine; whiskers: 95% bootstrap confidence " +
    "interval of the median. A missing bar: the case was not measured there.",
  "merged-distribution": "Every measured run per case and machine: box of the quartiles with the samples beside it.",
};

function mergedTableHtml(m: Merged): string {
  if (m.cases.length === 0) return `<div class="card muted">No case in these results.</div>`;
  const first = m.machines[0];
  const head =
    m.machines.map((machine) => `<th class="num">${escapeHtml(machine.label)}</th><th class="num">±95% CI</th>`).join(
      "",
    ) +
    m.machines.slice(1).map((machine) =>
      `<th class="num" title=${`"median on ${escapeHtml(machine.label)} / median on ${escapeHtml(first.label)}"`}>${
        escapeHtml(machine.label)
      } ÷ ${escapeHtml(first.label)}</th>`
    ).join("");
  const rows = m.cases.map((c) => {
    const ratios = m.machines.slice(1).map((_, k) => {
      const ratio = ratioToFirst(c, k + 1);
      return ratio === null ? `<td class="num muted">—</td>` : `<td class="num">${ratio.toFixed(2)}×</td>`;
    }).join("");
    return `<tr><td class="case" title="${escapeHtml(c.id)}">${escapeHtml(c.name)}</td>${
      c.perMachine.map(medianCellsHtml).join("")
    }${ratios}</tr>`;
  }).join("\n");
  return `<div class="card table-scroll"><table>
<thead><tr><th>Case</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

/**
 * Renders the merged `report.html`: the grouped chart, a table of medians per case and machine
 * with the ratio to the first machine, and the machines side by side. Every string is escaped.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("report.html", renderMergedHtml(merged));
 * ```
 */
export function renderMergedHtml(m: Merged): string {
  const figures = mergedFigures(m);
  const labels = m.machines.map((machine) => machine.label);
  const header = `<h1><span class="brand">pipespeed</span> · ${m.machines.length} machines</h1>
<p class="subtitle">${labels.map((label) => `<b>${escapeHtml(label)}</b>`).join(" · ")}</p>
<p class="subtitle">${m.cases.length} cases · ratios are to ${
    m.machines.length > 0 ? escapeHtml(m.machines[0].label) : "—"
  }</p>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#system">Machines</a></nav>`;
  const sections = [
    chartsSectionFor(figures, MERGED_CAPTIONS),
    `<section id="summary"><h2>Summary</h2>${mergedTableHtml(m)}</section>`,
    `<section id="system"><h2>Machines</h2>${machinesTableHtml(m.machines)}</section>`,
  ];
  return reportPage({
    title: `pipespeed · ${labels.join(" · ")}`,
    header,
    sections,
    figures,
    version: m.machines[0]?.system.versions.pipespeed,
  });
}

function medianMarkdown(summary: Summary | null): string {
  return summary === null ? "—" : `${formatGib(summary.median)} (${formatCi(summary)})`;
}

function mdRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/**
 * Renders the merged `summary.md`: one table (case × machine medians with their CI, and the ratio
 * to the first machine), the machines side by side, and the charts when images were exported.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("summary.md", renderMergedMarkdown(merged));
 * ```
 */
export function renderMergedMarkdown(m: Merged, opts: ReportMarkdownOptions = {}): string {
  const labels = m.machines.map((machine) => escapeMarkdown(machine.label));
  const lines = [
    `## pipespeed on ${m.machines.length} machines`,
    "",
    `${m.cases.length} cases · ${labels.join(" · ")}`,
    "",
  ];
  if (m.cases.length > 0 && m.machines.length > 0) {
    lines.push(
      mdRow([
        "Case",
        ...labels.map((label) => `${label} GiB/s (±95% CI)`),
        ...labels.slice(1).map((label) => `${label} ÷ ${labels[0]}`),
      ]),
      mdRow([":--", ...labels.map(() => "--:"), ...labels.slice(1).map(() => "--:")]),
      ...m.cases.map((c) =>
        mdRow([
          escapeMarkdown(c.name),
          ...c.perMachine.map(medianMarkdown),
          ...labels.slice(1).map((_, k) => {
            const ratio = ratioToFirst(c, k + 1);
            return ratio === null ? "—" : `${ratio.toFixed(2)}×`;
          }),
        ])
      ),
      "",
    );
  } else {
    lines.push("No case in these results.", "");
  }
  lines.push("### Machines", "", ...machinesTableMarkdown(m.machines), "");
  lines.push(...imageLines(mergedFigures(m), opts));
  return lines.join("\n").replace(/\n+$/, "\n");
}

/**
 * Writes the merged `report.html`, `summary.md` and, when asked and Chromium is available,
 * `charts/merged-*.svg|png` into `outDir`.
 *
 * @example
 * ```ts
 * const { html } = await writeMergedReport(merged, "out", { images: false });
 * ```
 */
export async function writeMergedReport(
  m: Merged,
  outDir: string,
  opts: WriteComparisonOptions,
): Promise<WrittenComparison> {
  return await writeReportFiles(
    {
      htmlName: "report.html",
      page: renderMergedHtml(m),
      markdownName: "summary.md",
      markdown: (images) => renderMergedMarkdown(m, { images, imagesDir: CHARTS_DIR }),
      figures: mergedFigures(m),
    },
    outDir,
    opts,
  );
}
