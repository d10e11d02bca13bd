/**
 * The warnings and failures section of the run report: the run's and the cases' warnings, and
 * every failed run with its side and reason.
 *
 * @module
 */
import type { Results } from "../../../model/types.ts";
import { escapeHtml } from "../../page/escape.ts";

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

/** The warnings and failures section: run and case warnings, then failed runs with their reasons. */
export function warningsSection(results: Results): string {
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
