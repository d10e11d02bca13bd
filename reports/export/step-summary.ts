/**
 * The step-summary version of a report's Markdown (`step-summary.md`, beside `summary.md` and
 * `compare.md`): what a CI job appends to `$GITHUB_STEP_SUMMARY`. GitHub shows that Markdown on the
 * run's page, where a relative image (`![…](charts/headline.svg)`) points nowhere; so this version
 * has no relative images and ends with a line that says where the charts are: `report.html` and
 * `charts/` in the report's folder, which a workflow uploads as an artifact (linked to the run's
 * page when the GitHub Actions environment names it).
 *
 * @module
 */

/** File name of the step summary in a report folder. */
export const STEP_SUMMARY_NAME = "step-summary.md";

/** Options of {@link toStepSummary}. */
export interface StepSummaryOptions {
  /** The report page beside it (`report.html`, `compare.html`). */
  htmlName: string;
  /** Whether chart images were exported into `charts/` (default false: only the page is named). */
  images?: boolean;
  /** The GitHub Actions run's page, whose artifacts hold the folder (see {@link actionsRunUrl}). */
  runUrl?: string | null;
}

/** A Markdown image whose target is not absolute (`scheme:`) or site-absolute (`/`): it cannot resolve in a step summary. */
const RELATIVE_IMAGE = /!\[((?:[^\]\\]|\\.)*)\]\((?![a-z][a-z0-9+.-]*:|\/)[^)]*\)/gi;

/**
 * The step summary of a report's Markdown: relative images dropped (their alt text kept when it
 * stood inside a line, the line dropped when the image was all of it), then a note on where the
 * charts are.
 *
 * @example
 * ```ts
 * const text = toStepSummary(renderMarkdown(results), { htmlName: "report.html" });
 * ```
 */
export function toStepSummary(markdown: string, options: StepSummaryOptions): string {
  const lines = markdown.split("\n").flatMap((line) => {
    const kept = line.replace(RELATIVE_IMAGE, "$1");
    return kept !== line && line.replace(RELATIVE_IMAGE, "").trim() === "" ? [] : [kept];
  });
  const body = lines.join("\n").replace(/\n{3,}/g, "\n\n").replace(/\n+$/, "");
  const where = options.runUrl ? `the artifact of [this workflow run](${options.runUrl})` : "the report's folder";
  const files = `\`${options.htmlName}\` (interactive)${options.images ? " and `charts/*.svg`" : ""}`;
  return `${body}\n\n---\n\nCharts: ${files} in ${where}.\n`;
}

/**
 * The page of the GitHub Actions run this process belongs to, from `GITHUB_SERVER_URL`,
 * `GITHUB_REPOSITORY` and `GITHUB_RUN_ID`; `null` outside Actions or without permission to read
 * them (asked without a prompt).
 *
 * @example
 * ```ts
 * const runUrl = actionsRunUrl(); // "https://github.com/o/r/actions/runs/123" in a workflow
 * ```
 */
export function actionsRunUrl(): string | null {
  const names = ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"] as const;
  const values: string[] = [];
  for (const variable of names) {
    if (Deno.permissions.querySync({ name: "env", variable }).state !== "granted") return null;
    const value = Deno.env.get(variable);
    if (!value) return null;
    values.push(value);
  }
  const [server, repository, runId] = values;
  return /^https?:\/\//.test(server) && /^\d+$/.test(runId) ? `${server}/${repository}/actions/runs/${runId}` : null;
}
