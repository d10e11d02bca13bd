/**
 * The parameters section of the run report: per scenario, each case's parameters as run and its
 * id. The columns come from the field table (`model/fields.ts`): the two sides, the flags that are
 * on, then every other field under its scenario-file name with its value as a scenario file writes
 * it, so a field added to the table shows here without an edit.
 *
 * @module
 */
import { FIELD_NAMES, fieldLabel, type FieldName } from "../../../model/params.ts";
import { CASE_FIELDS } from "../../../model/fields.ts";
import type { CaseParams, CaseResult, Results } from "../../../model/types.ts";
import { endpointLabel, flagWords } from "../../format/labels.ts";
import { attribute, escapeHtml } from "../../page/escape.ts";
import { casesByScenario, scenarioOrder } from "../groups.ts";
import { isLatencyCase, isOneWayCase } from "../../../model/latency.ts";

function endpointCell(endpoint: CaseParams["writer"] | CaseParams["reader"]): string {
  if (typeof endpoint === "string") return escapeHtml(endpoint);
  return `<code title=${attribute(endpoint.command.join(" "))}>${escapeHtml(endpoint.command.join(" "))}</code>` +
    ` <span class="muted">(${escapeHtml(endpointLabel(endpoint))})</span>`;
}

/** The fields with a column of their own: all but the sides and the flags (those have theirs). */
const VALUE_FIELDS: readonly FieldName[] = FIELD_NAMES.filter((name) => {
  const naming = CASE_FIELDS[name].naming as Record<string, unknown> | undefined;
  return !(naming !== undefined && ("head" in naming || "flag" in naming || "flagPerValue" in naming));
});

/** Latency's own fields (issue 18): columns only in a scenario with a latency case. */
const LATENCY_ONLY: ReadonlySet<FieldName> = new Set(["messageSize", "roundTrips"]);

/** One-way latency's own fields (a `rate`): columns only in a scenario with a one-way case. */
const ONE_WAY_ONLY: ReadonlySet<FieldName> = new Set(["rate", "messages"]);

/** The value columns of a scenario's cases. */
function valueFields(cases: readonly CaseResult[]): readonly FieldName[] {
  const latency = cases.some((c) => isLatencyCase(c.params));
  const oneWay = cases.some((c) => isOneWayCase(c.params));
  return VALUE_FIELDS.filter((name) => (latency || !LATENCY_ONLY.has(name)) && (oneWay || !ONE_WAY_ONLY.has(name)));
}

function parameterRow(result: CaseResult, fields: readonly FieldName[]): string {
  const params = result.params;
  const flags = flagWords(params);
  const cells = [
    `<td class="case">${escapeHtml(result.name)}</td>`,
    `<td>${endpointCell(params.writer)}</td>`,
    `<td>${endpointCell(params.reader)}</td>`,
    `<td>${flags.length > 0 ? escapeHtml(flags.join(", ")) : `<span class="muted">—</span>`}</td>`,
    ...fields.map((name) => `<td class="num">${escapeHtml(fieldLabel(name, params))}</td>`),
    `<td class="muted id">${escapeHtml(result.id)}</td>`,
  ];
  return `<tr>${cells.join("")}</tr>`;
}

/** The parameters section: per scenario, every case's parameters as run, and its id. */
export function parametersSection(results: Results): string {
  const groups = casesByScenario(results);
  const blocks = scenarioOrder(results).filter((name) => groups.has(name)).map((scenario) => {
    const cases = groups.get(scenario)!;
    const fields = valueFields(cases);
    return `<h3>${escapeHtml(scenario)}</h3><div class="card table-scroll"><table>
<thead><tr><th>Case</th><th>Writer</th><th>Reader</th><th>Flags</th>` +
      fields.map((name) => `<th class="num"><code>${name}</code></th>`).join("") + `<th>Id</th></tr></thead>
<tbody>
${cases.map((c) => parameterRow(c, fields)).join("\n")}
</tbody></table></div>`;
  });
  return `<section id="parameters"><h2>Case parameters as run</h2>${blocks.join("\n")}</section>`;
}
