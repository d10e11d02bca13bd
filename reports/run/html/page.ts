/**
 * The run report page, `report.html`: one self-contained file (see `page/shell.ts`) with a header
 * naming the machine and the run, then the sections in order: summary, charts, why (`../explain/html.ts`),
 * warnings and failures, system, parameters; a link to the raw JSON.
 *
 * @example
 * ```ts
 * const html = renderHtml(results, { jsonHref: "results.json" });
 * await Deno.writeTextFile("report.html", html);
 * ```
 *
 * @module
 */
import type { Results } from "../../../model/types.ts";
import { formatSeconds } from "../../format/duration.ts";
import { chartsSectionHtml } from "../../page/charts-section.ts";
import { attribute, escapeHtml } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { htmlPage } from "../../page/shell.ts";
import { chartsFor } from "../charts/mod.ts";
import { explainSection } from "../explain/html.ts";
import { contentionSection } from "../contention.ts";
import { parametersSection } from "./parameters.ts";
import { summarySection } from "./summary.ts";
import { systemSection } from "./system.ts";
import { warningsSection } from "./warnings.ts";

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Link to the raw results, relative to the page (default `results.json`). */
  jsonHref?: string;
  /** Figures to plot (default `chartsFor(results)`). */
  figures?: Figure[];
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
<nav><a href="#summary">Summary</a>${
    results.cases.some((c) => c.samples.some((s) => s.contention !== undefined))
      ? `<a href="#contention">Contention</a>`
      : ""
  }<a href="#charts">Charts</a><a href="#why">Why</a><a href="#warnings">Warnings</a>` +
    `<a href="#system">System</a><a href="#parameters">Parameters</a><a href=${
      attribute(jsonHref)
    } type="application/json">Raw JSON</a></nav>
</div></header>`;
}

/** The caption of each run chart, by the start of its figure name (sweeps are `sweep-<scenario>`). */
const CAPTIONS: [prefix: string, caption: string][] = [
  [
    "waterfall-",
    "The first case's median throughput, then each step from the previous case's median to its own: green up, red down.",
  ],
  [
    "profile-",
    "Each side's functions with the most perf samples (self time, innermost frame), share of that side's samples; " +
    "one run recorded with --profile (a measured run, or for a case measured in turns one extra run outside them), " +
    "over each side's measured part or, where its endpoint does not report it (an external command), its whole run " +
    "(the axis titles say which).",
  ],
  [
    "latency-percentiles",
    "One line per latency case: the round trip at each percentile (median across runs, whiskers its 95% CI), " +
    "percentiles on a nines axis, time on a log axis; lower is better.",
  ],
  [
    "latency-load",
    "One-way latency under load (open loop): per curve, p50 (solid) and p99 (dashed) of arrival − intended send " +
    "time against the offered messages per second, median across runs with its 95% CI; where the pipe saturates " +
    "the curve turns up (queueing).",
  ],
  ["headline", "Bars: median throughput of each case; whiskers: 95% bootstrap confidence interval of the median."],
  ["sweep-", "One line per mode (writer→reader and flags); the shaded band is the 95% confidence interval."],
  [
    "distribution",
    "Every measured run, left to right in run order beside a box of its quartiles; red circles are outliers " +
    "(modified z-score above 3.5).",
  ],
  [
    "timeline",
    "Every measured run's throughput at the time it started, one line per case: drift moves every case together, " +
    "modes show as a case jumping between levels; red circles: runs during a steal spike.",
  ],
  [
    "steal",
    "Each run's throughput relative to its case's median against the CPU time the hypervisor stole during it; " +
    "dotted: the spike threshold (5%).",
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
  // The order of the page; the header's nav links to each section's id.
  const sections = [
    summarySection(results),
    // Only with contention cases (an empty string would still be a line of the page).
    ...[contentionSection(results)].filter((section) => section !== ""),
    chartsSectionHtml(figures, captionFor),
    explainSection(results),
    warningsSection(results),
    systemSection(results),
    parametersSection(results),
  ];
  return htmlPage({
    title: `pipespeed · ${results.system.hostname} · ${results.runId}`,
    generator: `pipespeed ${version}`,
    header: header(results, jsonHref),
    main: `${sections.join("\n")}
<footer>Generated by pipespeed ${escapeHtml(version)} from <a href=${attribute(jsonHref)} type="application/json">${
      escapeHtml(jsonHref)
    }</a> · charts by Plotly (inlined; this page loads nothing from the network).</footer>`,
    figures,
  });
}
