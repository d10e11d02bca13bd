/**
 * Renderers of a {@link Comparison} (`pipespeed compare`): two Plotly figures, a self-contained
 * `compare.html` (same shell, CSP and escaping as `report.html`), `compare.md` for pull requests,
 * and a terminal table. Also the page shell, machine table and file writer that `merge.ts` shares.
 *
 * @example
 * ```ts
 * const comparison = compareResults(base, "base.json", current, "current.json");
 * console.log(formatCompareTable(comparison, { color: Deno.stdout.isTerminal() }));
 * await writeCompareReport(comparison, "out", { images: false, log: console.log });
 * ```
 *
 * @module
 */
import pc from "picocolors";
import type { CaseComparison, Comparison, RunLabel, UnmatchedCase, Verdict } from "../stats/compare.ts";
import type { Summary } from "../model/types.ts";
import { axis, baseLayout, categoryAxis, type Figure, PALETTE, sampleBoxTrace } from "./charts.ts";
import {
  escapeHtml,
  escapeMarkdown,
  escapePlotlyText,
  formatBytes,
  formatCi,
  formatGib,
  roundSignificant,
} from "./format.ts";
import { attribute, chartsSectionHtml, htmlPage } from "./html.ts";
import { pad } from "./terminal.ts";
import { CHARTS_DIR, writeReportFiles, type WriteReportOptions, type WrittenReport } from "./write.ts";

/** Colour of each verdict in charts: slower red, faster green, unchanged grey. */
export const VERDICT_COLOURS: Readonly<Record<Verdict, string>> = {
  slower: "#d62728",
  faster: "#2ca02c",
  unchanged: "#8c8c8c",
};

/** The order verdicts are listed in: regressions first. */
const VERDICT_ORDER: readonly Verdict[] = ["slower", "faster", "unchanged"];

const INK = "#1f2937";

// ---------------------------------------------------------------------------------------------
// Formatting

function signedPercent(fraction: number): string {
  const text = Math.abs(fraction * 100).toFixed(1);
  if (Number(text) === 0) return "0.0%";
  return `${fraction < 0 ? "−" : "+"}${text}%`;
}

/**
 * A ratio of medians as a percent change with its confidence interval:
 * `formatChange(0.877, 0.85, 0.909)` → `−12.3% (−15.0…−9.1)`.
 *
 * @example
 * ```ts
 * formatChange(1.05, 1.01, 1.1); // "+5.0% (+1.0…+10.0)"
 * ```
 */
export function formatChange(ratio: number, low: number, high: number): string {
  const bound = (value: number) => signedPercent(value - 1).replace(/%$/, "");
  return `${signedPercent(ratio - 1)} (${bound(low)}…${bound(high)})`;
}

/** A p-value with three decimals, `<0.001` below that. */
export function formatPValue(pValue: number): string {
  return pValue < 0.001 ? "<0.001" : pValue.toFixed(3);
}

/** Case labels that are distinct: the name, or `scenario/name` where names repeat. */
export function distinctCaseLabels(cases: { name: string; scenario: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const labels = cases.map((c) => (counts.get(c.name)! > 1 ? `${c.scenario}/${c.name}` : c.name));
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} #${n}`;
  });
}

function changeOf(c: CaseComparison): string {
  return formatChange(c.ratio, c.ratioLow, c.ratioHigh);
}

// ---------------------------------------------------------------------------------------------
// Figures

function ratioChart(c: Comparison, labels: string[]): Figure {
  const title = `Change per case: ${c.current.label} / ${c.base.label}`;
  const data = VERDICT_ORDER.flatMap((verdict) => {
    const indices = c.cases.flatMap((item, i) => item.verdict === verdict ? [i] : []);
    if (indices.length === 0) return [];
    const colour = VERDICT_COLOURS[verdict];
    return [{
      type: "scatter",
      mode: "markers",
      name: `${verdict} (${indices.length})`,
      x: indices.map((i) => escapePlotlyText(labels[i])),
      y: indices.map((i) => roundSignificant(c.cases[i].ratio)),
      marker: { color: colour, size: 11, symbol: "diamond", line: { color: INK, width: 0.5 } },
      error_y: {
        type: "data",
        symmetric: false,
        array: indices.map((i) => roundSignificant(c.cases[i].ratioHigh - c.cases[i].ratio)),
        arrayminus: indices.map((i) => roundSignificant(c.cases[i].ratio - c.cases[i].ratioLow)),
        color: colour,
        thickness: 2,
        width: 6,
      },
      customdata: indices.map((i) => [
        escapePlotlyText(c.cases[i].name),
        escapePlotlyText(changeOf(c.cases[i])),
        formatPValue(c.cases[i].pValue),
        escapePlotlyText(c.cases[i].id),
      ]),
      hovertemplate: "<b>%{customdata[0]}</b><br>ratio %{y:.3f}<br>change %{customdata[1]}<br>" +
        `p = %{customdata[2]}<br>${verdict}<br>%{customdata[3]}<extra></extra>`,
    }];
  });
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: axis({ title: { text: "current / base (ratio of medians, 95% CI)" }, zeroline: false }),
    shapes: [
      {
        type: "rect",
        xref: "paper",
        yref: "y",
        x0: 0,
        x1: 1,
        y0: 1 - c.threshold,
        y1: 1 + c.threshold,
        fillcolor: "rgba(140,140,140,0.15)",
        line: { width: 0 },
        layer: "below",
      },
      {
        type: "line",
        xref: "paper",
        yref: "y",
        x0: 0,
        x1: 1,
        y0: 1,
        y1: 1,
        line: { color: INK, width: 1.5, dash: "dash" },
        layer: "below",
      },
    ],
    hovermode: "closest",
  });
  return { name: "compare-ratio", title, data, layout };
}

function distributionsChart(c: Comparison, labels: string[]): Figure {
  const title = "Every sample, base and current side by side";
  const side = (run: RunLabel, pick: (item: CaseComparison) => number[], colour: string) =>
    sampleBoxTrace(run.label, labels, c.cases.map(pick), colour);
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: axis({ title: { text: "GiB/s per run" }, rangemode: "tozero" }),
    boxmode: "group",
    hovermode: "closest",
  });
  return {
    name: "compare-distributions",
    title,
    data: [
      side(c.base, (item) => item.baseSamples, PALETTE[0]),
      side(c.current, (item) => item.currentSamples, PALETTE[1]),
    ],
    layout,
  };
}

/**
 * The comparison charts: `compare-ratio` (one marker per matched case at current/base with its 95%
 * CI, a dashed line at 1 and a shaded band 1 ± threshold, coloured by verdict) and
 * `compare-distributions` (both runs' samples per case, box with points). Empty without a
 * matched case.
 *
 * @example
 * ```ts
 * const [ratio, distributions] = compareFigures(comparison);
 * ```
 */
export function compareFigures(c: Comparison): Figure[] {
  if (c.cases.length === 0) return [];
  const labels = distinctCaseLabels(c.cases);
  return [ratioChart(c, labels), distributionsChart(c, labels)];
}

// ---------------------------------------------------------------------------------------------
// Shared HTML (also used by merge.ts)

/** CSS added to the report's for comparison and merge pages. */
const EXTRA_STYLE = `
.verdict { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px; }
.verdict.slower { background: var(--bad-bg); color: var(--bad-ink); }
.verdict.faster { background: #e7f6e7; color: #1d6b1d; }
.verdict.unchanged { color: var(--muted); }
@media (prefers-color-scheme: dark) { .verdict.faster { background: #173d17; color: #9be39b; } }
td.ci { color: var(--muted); }
.callout { padding: 12px 16px; margin: 12px 0; border-radius: 10px; }
.callout.bad { background: var(--bad-bg); color: var(--bad-ink); }
.callout.good { background: #e7f6e7; color: #1d6b1d; }
@media (prefers-color-scheme: dark) { .callout.good { background: #173d17; color: #9be39b; } }
table.machines th[scope=row] { text-transform: none; letter-spacing: 0; font-size: 14px; }
`;

/** The parts of a report page: everything inside `<body>` but the scripts. */
export interface PageParts {
  /** `<title>`. */
  title: string;
  /** HTML of the header's inner part (already escaped). */
  header: string;
  /** HTML sections of `<main>` (already escaped). */
  sections: string[];
  /** Figures plotted into the `.chart` elements made by {@link chartsSectionFor}. */
  figures: Figure[];
  /** The pipespeed version for the generator meta, when known. */
  version?: string;
}

/**
 * A self-contained page in the style of `report.html`: CSP meta, the report's CSS, Plotly inlined,
 * figure data as escaped JSON, and the report's bootstrap script (which plots `#chart-<i>`).
 */
export function reportPage(parts: PageParts): string {
  const generator = parts.version === undefined ? "pipespeed" : `pipespeed ${parts.version}`;
  return htmlPage({
    title: parts.title,
    generator,
    extraStyle: EXTRA_STYLE,
    header: `<header class="top"><div class="wrap">
${parts.header}
</div></header>`,
    main: `${parts.sections.join("\n")}
<footer>Generated by ${
      escapeHtml(generator)
    } · charts by Plotly (inlined; this page loads nothing from the network).</footer>`,
    figures: parts.figures,
  });
}

/** The charts section with captions looked up by figure name (see `chartsSectionHtml` in html.ts). */
export function chartsSectionFor(figures: Figure[], captions: Record<string, string>): string {
  return chartsSectionHtml(figures, (name) => captions[name] ?? "");
}

/** One row per fact, one column per run: host, kernel, CPU, CPUs, THP, pipe-max-size... */
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
    ["Deno", runs.map((run) => run.system.versions.deno)],
    ["pipespeed", runs.map((run) => run.system.versions.pipespeed)],
    ["Run id", runs.map((run) => run.runId)],
    ["Started", runs.map((run) => run.startedAt)],
    ["File", runs.map((run) => run.file)],
  ];
}

/** The machines side by side as an HTML table, one column per run (headed by its label). */
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

/** The machines side by side as a Markdown table. */
export function machinesTableMarkdown(runs: RunLabel[]): string[] {
  return [
    mdRow(["", ...runs.map((run) => escapeMarkdown(run.label))]),
    mdRow([":--", ...runs.map(() => ":--")]),
    ...machineRows(runs).map(([fact, values]) => mdRow([fact, ...values.map(escapeMarkdown)])),
  ];
}

function mdRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** A median with its CI as an HTML pair of cells. */
export function medianCellsHtml(summary: Summary | null): string {
  if (summary === null) return `<td class="num muted">—</td><td class="num muted">—</td>`;
  const title = `95% CI of the median: ${formatGib(summary.ci95Low)} – ${
    formatGib(summary.ci95High)
  } GiB/s, n = ${summary.n}`;
  return `<td class="num"><b>${formatGib(summary.median)}</b></td>` +
    `<td class="num ci" title=${attribute(title)}>${formatCi(summary)}</td>`;
}

// ---------------------------------------------------------------------------------------------
// Compare HTML

const COMPARE_CAPTIONS: Record<string, string> = {
  "compare-ratio": "Each marker: median of the current run divided by the median of the base run, with the 95% " +
    "bootstrap confidence interval of that ratio. Dashed line: no change; shaded band: within the threshold. " +
    "Red: slower, green: faster (beyond the threshold and significant), grey: unchanged.",
  "compare-distributions": "Every sample of both runs per case: box of the quartiles with the samples beside it.",
};

function verdictHtml(verdict: Verdict): string {
  return `<span class="verdict ${verdict}">${verdict}</span>`;
}

function compareRow(item: CaseComparison): string {
  return `<tr><td class="case" title=${attribute(item.id)}>${escapeHtml(item.name)}</td>` +
    medianCellsHtml(item.base) + medianCellsHtml(item.current) +
    `<td class="num">${escapeHtml(changeOf(item))}</td>` +
    `<td class="num">${formatPValue(item.pValue)}</td><td>${verdictHtml(item.verdict)}</td></tr>`;
}

function unmatchedHtml(title: string, cases: UnmatchedCase[]): string {
  const items = cases.length === 0
    ? `<li class="none">None.</li>`
    : cases.map((c) =>
      `<li><b>${escapeHtml(c.name)}</b> <span class="muted">(${escapeHtml(c.id)}: ${escapeHtml(c.reason)})</span></li>`
    ).join("\n");
  return `<div class="card"><h3>${escapeHtml(title)} (${cases.length})</h3><ul class="warnings">${items}</ul></div>`;
}

function calloutsHtml(c: Comparison): string {
  const list = (cases: CaseComparison[]) =>
    cases.map((item) => `<b>${escapeHtml(item.name)}</b> ${escapeHtml(changeOf(item))}`).join(", ");
  const slower = c.cases.filter((item) => item.verdict === "slower");
  const faster = c.cases.filter((item) => item.verdict === "faster");
  const parts: string[] = [];
  if (slower.length > 0) {
    parts.push(
      `<div class="callout bad">${slower.length} regression${slower.length === 1 ? "" : "s"}: ${list(slower)}</div>`,
    );
  }
  if (faster.length > 0) {
    parts.push(
      `<div class="callout good">${faster.length} improvement${faster.length === 1 ? "" : "s"}: ${list(faster)}</div>`,
    );
  }
  if (parts.length === 0 && c.cases.length > 0) {
    parts.push(`<div class="card muted">No significant change beyond ${formatThreshold(c.threshold)}.</div>`);
  }
  return parts.join("\n");
}

function formatThreshold(threshold: number): string {
  return `±${Number((threshold * 100).toFixed(2))}%`;
}

/**
 * Renders `compare.html`: the verdicts, a table per matched case, the two charts, the unmatched
 * cases, both machines side by side and the threshold and alpha used. Every string is escaped.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("compare.html", renderCompareHtml(comparison));
 * ```
 */
export function renderCompareHtml(c: Comparison): string {
  const figures = compareFigures(c);
  const title = `${c.base.label} → ${c.current.label}`;
  const header =
    `<h1><span class="brand">pipespeed</span> · ${escapeHtml(c.base.label)} → ${escapeHtml(c.current.label)}</h1>
<p class="subtitle">Base <code>${escapeHtml(c.base.runId)}</code> (${escapeHtml(c.base.file)}) · current <code>${
      escapeHtml(c.current.runId)
    }</code> (${escapeHtml(c.current.file)})</p>
<p class="subtitle">${c.cases.length} cases compared · threshold ${formatThreshold(c.threshold)} · alpha ${c.alpha}</p>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#unmatched">Unmatched</a>` +
    `<a href="#system">Machines</a><a href="#method">Method</a></nav>`;
  const rows = c.cases.map(compareRow).join("\n");
  const table = c.cases.length === 0
    ? `<div class="card muted">No case was measured in both runs.</div>`
    : `<div class="card table-scroll"><table>
<thead><tr><th>Case</th><th class="num">Base GiB/s</th><th class="num">±95% CI</th>` +
      `<th class="num">Current GiB/s</th><th class="num">±95% CI</th>` +
      `<th class="num" title="median change with the 95% bootstrap CI of the ratio">Change (95% CI)</th>` +
      `<th class="num" title="two-sided Mann–Whitney U">p</th><th>Verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
  const sections = [
    `<section id="summary"><h2>Summary</h2>${calloutsHtml(c)}\n${table}</section>`,
    chartsSectionFor(figures, COMPARE_CAPTIONS),
    `<section id="unmatched"><h2>Cases not compared</h2><div class="grid-2">
${unmatchedHtml(`Only in base (${c.base.label})`, c.onlyInBase)}
${unmatchedHtml(`Only in current (${c.current.label})`, c.onlyInCurrent)}
</div></section>`,
    `<section id="system"><h2>Machines</h2>${machinesTableHtml([c.base, c.current])}</section>`,
    `<section id="method"><h2>Method</h2><div class="card"><p>Cases are matched by id. A case is <b>slower</b> or ` +
    `<b>faster</b> only when the ratio of medians is beyond the threshold (${formatThreshold(c.threshold)}) ` +
    `<b>and</b> the two-sided Mann–Whitney U p-value is below alpha (${c.alpha}); otherwise it is unchanged. ` +
    `The interval of the change is the 95% bootstrap confidence interval of the ratio of medians.</p></div></section>`,
  ];
  return reportPage({
    title: `pipespeed · ${title}`,
    header,
    sections,
    figures,
    version: c.current.system.versions.pipespeed,
  });
}

// ---------------------------------------------------------------------------------------------
// Compare Markdown

/** Options of {@link renderCompareMarkdown} and `renderMergedMarkdown`. */
export interface ReportMarkdownOptions {
  /** Whether images were exported: adds `![title](charts/<name>.svg)` per chart (default false). */
  images?: boolean;
  /** Folder of the exported images, relative to the Markdown file (default `charts`). */
  imagesDir?: string;
}

/** `![title](dir/name.svg)` lines for the figures, when images were exported. */
export function imageLines(figures: Figure[], options: ReportMarkdownOptions): string[] {
  if (!options.images || figures.length === 0) return [];
  const directory = (options.imagesDir ?? CHARTS_DIR).replace(/\/+$/, "");
  return [
    "### Charts",
    "",
    ...figures.flatMap((figure) => [
      `![${escapeMarkdown(figure.title)}](${encodeURI(`${directory}/${figure.name}.svg`)})`,
      "",
    ]),
  ];
}

function medianMarkdown(summary: Summary): string {
  return `${formatGib(summary.median)} (${formatCi(summary)})`;
}

const VERDICT_MARKDOWN: Record<Verdict, string> = {
  slower: "🔴 **slower**",
  faster: "🟢 **faster**",
  unchanged: "unchanged",
};

/**
 * Renders `compare.md`: heading, regressions (then improvements) called out first, the table of
 * matched cases, the unmatched cases, the machines, and the charts when images were exported.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile(Deno.env.get("GITHUB_STEP_SUMMARY")!, renderCompareMarkdown(comparison), { append: true });
 * ```
 */
export function renderCompareMarkdown(c: Comparison, opts: ReportMarkdownOptions = {}): string {
  const lines = [
    `## pipespeed: ${escapeMarkdown(c.base.label)} → ${escapeMarkdown(c.current.label)}`,
    "",
    `${c.cases.length} cases compared · threshold ${formatThreshold(c.threshold)} · alpha ${c.alpha} · ` +
    `base \`${c.base.runId.replace(/`/g, "'")}\` · current \`${c.current.runId.replace(/`/g, "'")}\``,
    "",
  ];
  const slower = c.cases.filter((item) => item.verdict === "slower");
  const faster = c.cases.filter((item) => item.verdict === "faster");
  const bullet = (item: CaseComparison) =>
    `> - **${escapeMarkdown(item.name)}**: ${changeOf(item)}, p = ${formatPValue(item.pValue)}`;
  if (slower.length > 0) {
    lines.push(
      "> [!WARNING]",
      `> ${slower.length} regression${slower.length === 1 ? "" : "s"}:`,
      ...slower.map(bullet),
      "",
    );
  }
  if (faster.length > 0) {
    lines.push(
      "> [!TIP]",
      `> ${faster.length} improvement${faster.length === 1 ? "" : "s"}:`,
      ...faster.map(bullet),
      "",
    );
  }
  if (slower.length === 0 && faster.length === 0 && c.cases.length > 0) {
    lines.push(`No significant change beyond ${formatThreshold(c.threshold)}.`, "");
  }
  if (c.cases.length > 0) {
    lines.push(
      mdRow(["Case", "Base GiB/s (±95% CI)", "Current GiB/s (±95% CI)", "Change (95% CI)", "p", "Verdict"]),
      mdRow([":--", "--:", "--:", "--:", "--:", ":--"]),
      ...c.cases.map((item) =>
        mdRow([
          escapeMarkdown(item.name),
          medianMarkdown(item.base),
          medianMarkdown(item.current),
          changeOf(item),
          formatPValue(item.pValue),
          VERDICT_MARKDOWN[item.verdict],
        ])
      ),
      "",
    );
  } else {
    lines.push("No case was measured in both runs.", "");
  }
  const unmatched = (title: string, cases: UnmatchedCase[]) =>
    cases.length === 0
      ? []
      : [`### ${title}`, "", ...cases.map((u) => `- **${escapeMarkdown(u.name)}**: ${escapeMarkdown(u.reason)}`), ""];
  lines.push(...unmatched("Only in base", c.onlyInBase), ...unmatched("Only in current", c.onlyInCurrent));
  lines.push("### Machines", "", ...machinesTableMarkdown([c.base, c.current]), "");
  lines.push(...imageLines(compareFigures(c), opts));
  return lines.join("\n").replace(/\n+$/, "\n");
}

// ---------------------------------------------------------------------------------------------
// Terminal

/** Options of {@link formatCompareTable}. */
export interface CompareTableOptions {
  /** ANSI colours: slower red, faster green (only on a TTY). */
  color?: boolean;
}

/**
 * The comparison as an aligned text table, then the unmatched cases and the threshold used.
 *
 * @example
 * ```ts
 * console.log(formatCompareTable(comparison, { color: Deno.stdout.isTerminal() }));
 * ```
 */
export function formatCompareTable(c: Comparison, opts: CompareTableOptions = {}): string {
  const colors = pc.createColors(opts.color ?? false);
  const header = ["case", "base GiB/s", "current GiB/s", "change (95% CI)", "p", "verdict"];
  const rows = c.cases.map((item) => [
    item.name,
    formatGib(item.base.median),
    formatGib(item.current.median),
    changeOf(item),
    formatPValue(item.pValue),
    item.verdict,
  ]);
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => pad(cell, widths[i], i > 0 && i < cells.length - 1)).join("  ").trimEnd();
  const paint = (verdict: Verdict, text: string) =>
    verdict === "slower" ? colors.red(text) : verdict === "faster" ? colors.green(text) : text;
  const blocks = [
    colors.bold(`${c.base.label} → ${c.current.label}`),
    c.cases.length === 0
      ? colors.dim("no case measured in both runs")
      : [colors.dim(line(header)), ...rows.map((cells, i) => paint(c.cases[i].verdict, line(cells)))].join("\n"),
  ];
  const unmatched = [
    ...c.onlyInBase.map((u) => `only in base: ${u.name} (${u.reason})`),
    ...c.onlyInCurrent.map((u) => `only in current: ${u.name} (${u.reason})`),
  ];
  if (unmatched.length > 0) blocks.push(colors.yellow(unmatched.join("\n")));
  const slower = c.cases.filter((item) => item.verdict === "slower").length;
  const faster = c.cases.filter((item) => item.verdict === "faster").length;
  blocks.push(
    colors.dim(`threshold ${formatThreshold(c.threshold)}, alpha ${c.alpha}: `) +
      paint(slower > 0 ? "slower" : "unchanged", `${slower} slower`) + ", " +
      paint(faster > 0 ? "faster" : "unchanged", `${faster} faster`) + ", " +
      `${c.cases.length - slower - faster} unchanged`,
  );
  return blocks.join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Files

/** Options of {@link writeCompareReport} and `writeMergedReport` (a run report's, without the JSON link). */
export type WriteComparisonOptions = Omit<WriteReportOptions, "jsonHref">;

/** What {@link writeCompareReport} and `writeMergedReport` wrote. */
export type WrittenComparison = WrittenReport;

/**
 * Writes `compare.html`, `compare.md` and, when asked and Chromium is available,
 * `charts/compare-*.svg|png` into `outDir`.
 *
 * @example
 * ```ts
 * const { html, imagesSkipped } = await writeCompareReport(comparison, "out", { images: true, log: console.log });
 * ```
 */
export async function writeCompareReport(
  c: Comparison,
  outDir: string,
  opts: WriteComparisonOptions,
): Promise<WrittenComparison> {
  return await writeReportFiles(
    {
      htmlName: "compare.html",
      page: renderCompareHtml(c),
      markdownName: "compare.md",
      markdown: (images) => renderCompareMarkdown(c, { images, imagesDir: CHARTS_DIR }),
      figures: compareFigures(c),
    },
    outDir,
    opts,
  );
}
