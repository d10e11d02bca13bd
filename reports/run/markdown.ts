/**
 * The Markdown summary of a run, `summary.md` (with chart images; `step-summary.md` is the same
 * without them, for `$GITHUB_STEP_SUMMARY`): the machine, one table per scenario (the run table model, as in the terminal and the HTML report)
 * with its note on small samples, warnings and failures, and the exported chart images when there
 * are any.
 *
 * @example
 * ```ts
 * const markdown = renderMarkdown(results, { images: true, imagesDir: "charts" });
 * await Deno.writeTextFile("summary.md", markdown);
 * ```
 *
 * @module
 */
import type { Results } from "../../model/types.ts";
import { formatSeconds } from "../format/duration.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { chartImageLines } from "../page/charts-section.ts";
import type { Figure } from "../page/figure.ts";
import { chartsFor } from "./charts/mod.ts";
import { runTable } from "./table.ts";
import { LATENCY_ALIGNS, LATENCY_COLUMNS, LATENCY_NOTE, latencyTable } from "./latency-table.ts";
import { calibrationSummary, profileLines, profileNote, stepLines } from "./explain/text.ts";
import { contentionMarkdown } from "./contention.ts";

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Folder of the exported images, relative to the Markdown file (default `charts`). */
  imagesDir?: string;
  /** Whether images were exported: adds `![title](charts/<name>.svg)` per chart (default false). */
  images?: boolean;
  /** Figures whose images to reference (default `chartsFor(results)`). */
  figures?: Figure[];
}

/** Failure reasons longer than this are cut in the summary (the HTML report has them whole). */
const MAX_REASON_CHARS = 300;

/** The run table (`table.ts`) as one Markdown table per scenario, then its note. */
function tables(results: Results): string[] {
  const table = runTable(results);
  const lines = table.groups.flatMap((group) => [
    `### ${escapeMarkdown(group.scenario)}`,
    "",
    ...markdownTable(
      table.columns.map((column) => column.label),
      table.columns.map((column) => column.align),
      group.rows.map((row) => row.cells.map((cell) => escapeMarkdown(cell.text))),
    ),
    "",
    ...(group.notes.length > 0 ? [...group.notes.map((note) => `- ${escapeMarkdown(note)}`), ""] : []),
  ]);
  if (table.note !== null) lines.push(`_${escapeMarkdown(table.note)}_`, "");
  const latency = latencyTable(results);
  for (const group of latency) {
    lines.push(
      `### ${escapeMarkdown(group.scenario)} — latency`,
      "",
      ...markdownTable(
        LATENCY_COLUMNS,
        LATENCY_ALIGNS,
        group.rows.map((row) => row.map(escapeMarkdown)),
      ),
      "",
    );
  }
  if (latency.length > 0) lines.push(`_${escapeMarkdown(LATENCY_NOTE)}_`, "");
  return lines;
}

/** The explanation: one line per step of each sequence, and the calibration. */
function whyLines(results: Results): string[] {
  const lines = stepLines(results).flatMap(({ scenario, lines }) => [
    `### ${escapeMarkdown(scenario)}: why, step by step`,
    "",
    ...lines.map((line) => `- ${escapeMarkdown(line)}`),
    "",
  ]);
  const profiles = profileLines(results);
  if (profiles.length > 0) {
    lines.push(
      "### Kernel profiles",
      "",
      ...[profileNote(results)].flatMap((note) => note === null ? [] : [`_${escapeMarkdown(note)}_`, ""]),
      ...profiles.map((line) => `- ${escapeMarkdown(line)}`),
      "",
    );
  }
  const calibration = calibrationSummary(results);
  if (calibration !== null) lines.push(`_${escapeMarkdown(calibration)}_`, "");
  return lines;
}

function warningLines(results: Results): string[] {
  const lines = results.warnings.map((warning) => `- ${escapeMarkdown(warning)}`);
  for (const result of results.cases) {
    for (const warning of result.warnings) {
      lines.push(`- **${escapeMarkdown(result.name)}**: ${escapeMarkdown(warning)}`);
    }
  }
  for (const result of results.cases) {
    for (const failure of result.failures) {
      const reason = failure.reason.length > MAX_REASON_CHARS
        ? `${failure.reason.slice(0, MAX_REASON_CHARS)}…`
        : failure.reason;
      lines.push(
        `- **${escapeMarkdown(result.name)}** run ${failure.run} failed (${failure.side}): ${escapeMarkdown(reason)}`,
      );
    }
  }
  return lines;
}

function heading(results: Results): string[] {
  const system = results.system;
  const finished = results.finishedAt === null ? null : Date.parse(results.finishedAt) - Date.parse(results.startedAt);
  const details = [
    `run \`${results.runId.replace(/`/g, "'")}\``,
    `${results.cases.length} cases`,
    finished !== null && Number.isFinite(finished) ? `took ${formatSeconds(finished / 1000)}` : null,
    `${system.onlineCpus} CPUs`,
    system.hypervisor ? "virtualised" : null,
    `Deno ${escapeMarkdown(system.versions.deno)}`,
    `pipespeed ${escapeMarkdown(system.versions.pipespeed)}`,
  ].filter((detail) => detail !== null);
  const lines = [
    `## pipespeed on ${escapeMarkdown(system.hostname)}: Linux ${escapeMarkdown(system.kernelRelease)}, ${
      escapeMarkdown(system.cpuModel)
    }`,
    "",
    details.join(" · "),
    "",
  ];
  if (results.interrupted) lines.push("> [!WARNING]", "> The run was interrupted: some cases have fewer samples.", "");
  if (results.options.quick) lines.push("> [!NOTE]", "> Quick mode: fewer, shorter runs; numbers are indicative.", "");
  return lines;
}

/**
 * Renders the Markdown summary. Names are escaped (`|`, `*`, `_`, `<`... cannot break the table or
 * inject HTML); images are referenced only when `images` is true.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile(Deno.env.get("GITHUB_STEP_SUMMARY")!, renderMarkdown(results), { append: true });
 * ```
 */
export function renderMarkdown(results: Results, options: MarkdownOptions = {}): string {
  const lines = [...heading(results), ...tables(results), ...contentionMarkdown(results), ...whyLines(results)];
  const warnings = warningLines(results);
  if (warnings.length > 0) lines.push("### Warnings", "", ...warnings, "");
  if (options.images) lines.push(...chartImageLines(options.figures ?? chartsFor(results), options));
  return lines.join("\n").replace(/\n+$/, "\n");
}
