/**
 * The self-contained HTML report: one file with Plotly inlined, no network access (a Content
 * Security Policy forbids remote loads), readable from `file://`.
 *
 * Every string that comes from results (case, scenario and host names, warnings, failure
 * reasons) is escaped; chart data travels as JSON in a `<script type="application/json">` block
 * with `<` written `\u003c`, parsed by a small inline script.
 *
 * @example
 * ```ts
 * const html = renderHtml(results, { jsonHref: "results.json" });
 * await Deno.writeTextFile("report.html", html);
 * ```
 *
 * @module
 */
import plotlySource from "plotly.js-cartesian-dist-min/plotly-cartesian.min.js" with { type: "text" };
import type { CaseParams, CaseResult, Results, SystemInfo } from "../model/types.ts";
import { chartsFor, type Figure } from "./charts.ts";
import {
  casesByScenario,
  endpointLabel,
  escapeHtml,
  flagWords,
  formatBytes,
  formatCi,
  formatCpuList,
  formatGib,
  formatPercent,
  formatSeconds,
  scenarioOrder,
} from "./format.ts";

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Link to the raw results, relative to the page (default `results.json`). */
  jsonHref?: string;
  /** Figures to plot (default `chartsFor(results)`). */
  figures?: Figure[];
}

/** The Content Security Policy of the report: nothing remote, inline script and style only. */
export const REPORT_CSP: string =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; " +
  "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** A coefficient of variation above this is flagged in the summary table. */
const NOISY_CV = 0.05;

export const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb;
  --accent: #4e79a7; --warn-bg: #fff7e6; --warn-ink: #8a5300; --bad-bg: #fdecec; --bad-ink: #a61b1b;
  --bar: rgba(78,121,167,0.16); --code: #f3f4f6;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --card: #1a1f26; --ink: #e5e7eb; --muted: #9ca3af; --line: #2d3440;
    --accent: #8ab4e0; --warn-bg: #3a2c0f; --warn-ink: #f5c56b; --bad-bg: #3d1717; --bad-ink: #ff9b9b;
    --bar: rgba(138,180,224,0.18); --code: #232a33;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
header.top { background: var(--card); border-bottom: 1px solid var(--line); }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.top .wrap { padding-top: 22px; padding-bottom: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; letter-spacing: -0.01em; }
h1 .brand { color: var(--accent); }
h2 { font-size: 19px; margin: 36px 0 12px; letter-spacing: -0.01em; }
h3 { font-size: 16px; margin: 22px 0 8px; }
.subtitle { color: var(--muted); margin: 0; }
.subtitle b { color: var(--ink); font-weight: 600; }
nav { display: flex; flex-wrap: wrap; gap: 4px 18px; margin-top: 12px; font-size: 14px; }
nav a { color: var(--muted); text-decoration: none; }
nav a:hover { color: var(--accent); text-decoration: underline; }
a { color: var(--accent); }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px;
  background: var(--warn-bg); color: var(--warn-ink); vertical-align: middle; margin-left: 6px; }
.badge.bad { background: var(--bad-bg); color: var(--bad-ink); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; }
.card > h3:first-child { margin-top: 0; }
.scenario-description { color: var(--muted); margin: -4px 0 10px; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em;
  white-space: nowrap; }
tbody tr:last-child td { border-bottom: none; }
tbody tr:hover td { background: rgba(127,127,127,0.05); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.case { font-weight: 600; overflow-wrap: break-word; min-width: 9em; }
td.id { font-size: 12.5px; overflow-wrap: anywhere; min-width: 8em; }
td.median { position: relative; min-width: 140px; }
td.median .bar { position: absolute; left: 0; top: 4px; bottom: 4px; background: var(--bar); border-radius: 3px; }
td.median span.value { position: relative; font-weight: 600; }
.muted { color: var(--muted); }
.noisy { color: var(--warn-ink); font-weight: 600; }
.failed { color: var(--bad-ink); font-weight: 600; }
.charts { display: grid; gap: 18px; }
figure.chart-card { margin: 0; padding: 8px 8px 10px; }
figure.chart-card .chart { width: 100%; min-height: 320px; }
figure.chart-card figcaption { color: var(--muted); font-size: 13px; padding: 4px 10px 0; }
figure.chart-card { background: #ffffff; color: #1f2937; }
figure.chart-card figcaption { color: #6b7280; }
ul.warnings { margin: 0; padding-left: 20px; }
ul.warnings li { margin: 4px 0; }
ul.warnings li.none { list-style: none; margin-left: -20px; color: var(--muted); }
pre { background: var(--code); border-radius: 6px; padding: 8px 10px; margin: 4px 0 0; font-size: 12.5px;
  white-space: pre-wrap; overflow-wrap: anywhere; }
code { background: var(--code); border-radius: 4px; padding: 1px 5px; font-size: 13px; }
dl.system { display: grid; grid-template-columns: max-content 1fr; gap: 6px 22px; margin: 0; font-size: 14px; }
dl.system dt { color: var(--muted); }
dl.system dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 18px; }
footer { color: var(--muted); font-size: 13px; margin: 40px 0 32px; }
.noscript { padding: 12px 16px; }
@media print {
  body { background: #fff; }
  header.top, .card { border-color: #ccc; }
  nav { display: none; }
  figure.chart-card { break-inside: avoid; }
}
`;

/** The script that plots the embedded figures (runs after Plotly's). */
export const BOOTSTRAP = `
(function () {
  "use strict";
  var source = document.getElementById("pipespeed-figures");
  var figures = JSON.parse(source.textContent);
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
  figures.forEach(function (figure) {
    var element = document.getElementById(figure.id);
    if (!element || !window.Plotly) return;
    var options = Object.assign({}, config, { toImageButtonOptions: { format: "svg", filename: figure.name } });
    window.Plotly.newPlot(element, figure.data, figure.layout, options).then(function () {
      element.setAttribute("data-rendered", "true");
    });
  });
})();
`;

export function attribute(text: string): string {
  return `"${escapeHtml(text)}"`;
}

/** Embeds a value as JSON inside `<script type="application/json">`: `<` becomes `\u003c`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Inline script text made safe from an early `</script>` (`<\/` means `</` in strings and regexes). */
export function scriptText(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1");
}

function durationOf(results: Results): string | null {
  if (results.finishedAt === null) return null;
  const seconds = (Date.parse(results.finishedAt) - Date.parse(results.startedAt)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? formatSeconds(seconds) : null;
}

function header(results: Results, jsonHref: string): string {
  const system = results.system;
  const badges = [
    results.interrupted ? `<span class="badge bad">interrupted</span>` : "",
    results.options.quick ? `<span class="badge">quick mode</span>` : "",
    results.options.filter !== null ? `<span class="badge">filter ${escapeHtml(results.options.filter)}</span>` : "",
  ].join("");
  const duration = durationOf(results);
  return `<header class="top"><div class="wrap">
<h1><span class="brand">pipespeed</span> · ${escapeHtml(system.hostname)}${badges}</h1>
<p class="subtitle"><b>${escapeHtml(system.cpuModel)}</b> · Linux ${escapeHtml(system.kernelRelease)} · ${
    escapeHtml(system.architecture)
  } · ${system.onlineCpus} CPUs</p>
<p class="subtitle">Run <code>${escapeHtml(results.runId)}</code> · started ${escapeHtml(results.startedAt)}${
    duration === null ? "" : ` · took ${duration}`
  } · ${results.cases.length} cases</p>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#warnings">Warnings</a>` +
    `<a href="#system">System</a><a href="#parameters">Parameters</a><a href=${
      attribute(jsonHref)
    } type="application/json">Raw JSON</a></nav>
</div></header>`;
}

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
  const ratio = baseline ? `${(summary.median / baseline).toFixed(2)}×` : "—";
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

function summarySection(results: Results): string {
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

const CAPTIONS: [prefix: string, caption: string][] = [
  ["headline", "Bars: median throughput of each case; whiskers: 95% bootstrap confidence interval of the median."],
  ["sweep-", "One line per mode (writer→reader and flags); the shaded band is the 95% confidence interval."],
  [
    "distribution",
    "Every measured run, left to right in run order beside a box of its quartiles; red circles are outliers " +
    "(modified z-score above 3.5).",
  ],
  [
    "cost",
    "CPU time and context switches per GiB moved, summed over the samples; user and system (or voluntary and " +
    "involuntary) stacked, writer and reader side by side.",
  ],
  ["huge-pages", "Outlined: bytes of buffer advised for huge pages; filled: bytes smaps shows backed by huge pages."],
];

function captionFor(name: string): string {
  return CAPTIONS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? "";
}

/**
 * The charts section: one card per figure, `#chart-<i>` in order, with its caption. Shared by the
 * run, compare and merge reports.
 */
export function chartsSectionHtml(figures: Figure[], caption: (name: string) => string): string {
  if (figures.length === 0) {
    return `<section id="charts"><h2>Charts</h2><div class="card muted">No data to chart.</div></section>`;
  }
  const cards = figures.map((figure, index) =>
    `<figure class="card chart-card"><div class="chart" id="chart-${index}" data-name=${attribute(figure.name)} ` +
    `role="img" aria-label=${attribute(figure.title)}></div>` +
    `<figcaption>${escapeHtml(caption(figure.name))}</figcaption></figure>`
  ).join("\n");
  return `<section id="charts"><h2>Charts</h2>
<noscript><div class="card noscript">The charts need JavaScript (Plotly is inlined in this file; nothing is fetched).</div></noscript>
<div class="charts">
${cards}
</div></section>`;
}

function warningItems(results: Results): string[] {
  const items = results.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`);
  for (const result of results.cases) {
    for (const warning of result.warnings) {
      items.push(
        `<li><b>${escapeHtml(result.name)}</b> <span class="muted">(${escapeHtml(result.scenario)})</span>: ${
          escapeHtml(warning)
        }</li>`,
      );
    }
  }
  return items;
}

function failureItems(results: Results): string[] {
  return results.cases.flatMap((result) =>
    result.failures.map((failure) =>
      `<li><b>${escapeHtml(result.name)}</b> <span class="muted">(${escapeHtml(result.scenario)}, run ${failure.run}, ${
        escapeHtml(failure.side)
      })</span><pre>${escapeHtml(failure.reason)}</pre></li>`
    )
  );
}

function warningsSection(results: Results): string {
  const warnings = warningItems(results);
  const failures = failureItems(results);
  const interrupted = results.interrupted
    ? `<p class="failed">The run was interrupted: some cases may have fewer samples than asked.</p>`
    : "";
  return `<section id="warnings"><h2>Warnings and failures</h2>${interrupted}<div class="grid-2">
<div class="card"><h3>Warnings (${warnings.length})</h3><ul class="warnings">${
    warnings.length > 0 ? warnings.join("\n") : `<li class="none">No warnings.</li>`
  }</ul></div>
<div class="card"><h3>Failed runs (${failures.length})</h3><ul class="warnings">${
    failures.length > 0 ? failures.join("\n") : `<li class="none">No failed run.</li>`
  }</ul></div>
</div></section>`;
}

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

function systemSection(results: Results): string {
  return `<section id="system"><h2>System</h2><div class="grid-2">
<div class="card"><h3>Machine</h3>${definitionList(systemRows(results.system))}</div>
<div class="card"><h3>Run and software</h3>${definitionList(runRows(results))}</div>
</div></section>`;
}

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

function parametersSection(results: Results): string {
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

/** The figures as the page embeds them, each with the id of its element. */
function embeddedFigures(figures: Figure[]): unknown[] {
  return figures.map((figure, index) => ({
    id: `chart-${index}`,
    name: figure.name,
    data: figure.data,
    layout: figure.layout,
  }));
}

/**
 * Renders the report page: header with the machine, summary tables per scenario, charts,
 * warnings and failures, system metadata, the case parameters as run, and a link to the raw JSON.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("out/report.html", renderHtml(results, {}));
 * ```
 */
export function renderHtml(results: Results, options: HtmlOptions = {}): string {
  const jsonHref = options.jsonHref ?? "results.json";
  const figures = options.figures ?? chartsFor(results);
  const version = results.system.versions.pipespeed;
  return htmlPage({
    title: `pipespeed · ${results.system.hostname} · ${results.runId}`,
    generator: `pipespeed ${version}`,
    header: header(results, jsonHref),
    main: `${summarySection(results)}
${chartsSectionHtml(figures, captionFor)}
${warningsSection(results)}
${systemSection(results)}
${parametersSection(results)}
<footer>Generated by pipespeed ${escapeHtml(version)} from <a href=${attribute(jsonHref)} type="application/json">${
      escapeHtml(jsonHref)
    }</a> · charts by Plotly (inlined; this page loads nothing from the network).</footer>`,
    figures,
  });
}

/** What {@link htmlPage} puts together. */
export interface PageShell {
  /** `<title>`, escaped here. */
  title: string;
  /** The generator meta, escaped here. */
  generator: string;
  /** CSS after the report's own. */
  extraStyle?: string;
  /** The page's `<header>` element (HTML, already escaped). */
  header: string;
  /** The inside of `<main class="wrap">` (HTML, already escaped). */
  main: string;
  /** Figures plotted into the elements `#chart-<i>`, in order. */
  figures: Figure[];
}

/**
 * The shell every pipespeed page shares: CSP meta, the report's CSS, Plotly inlined, the figures
 * as escaped JSON, and the script that plots them. Used by the run, compare and merge reports.
 */
export function htmlPage(page: PageShell): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content=${attribute(REPORT_CSP)}>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content=${attribute(page.generator)}>
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}${page.extraStyle ?? ""}</style>
</head>
<body>
${page.header}
<main class="wrap">
${page.main}
</main>
<script type="application/json" id="pipespeed-figures">${jsonForScript(embeddedFigures(page.figures))}</script>
<script>${scriptText(plotlySource)}</script>
<script>${BOOTSTRAP}</script>
</body>
</html>
`;
}
