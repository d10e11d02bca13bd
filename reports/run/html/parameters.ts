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
import { isLatencyCase, isOneWayCase, latencyPlan, STREAM_FIELDS } from "../../../model/latency.ts";
import { formatSize } from "../../../model/sizes.ts";

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

/** Latency's own fields (issue 18): "—" for a throughput case. */
const LATENCY_ONLY: ReadonlySet<FieldName> = new Set(["messageSize", "roundTrips"]);

/** One-way latency's own fields (a `rate`): "—" for round trips and throughput cases. */
const ONE_WAY_ONLY: ReadonlySet<FieldName> = new Set(["rate", "messages"]);

/**
 * Whether a field means something for this case: a stream's size (`bytes`, `duration`,
 * `bufferSize`) not for a latency case, latency's fields not for a throughput case, one-way's not
 * for round trips (and `roundTrips` not one way). Where not, the cell is "—".
 */
function applies(name: FieldName, params: CaseParams): boolean {
  if (isLatencyCase(params)) {
    if ((STREAM_FIELDS as readonly string[]).includes(name)) return false;
    return isOneWayCase(params) ? name !== "roundTrips" : !ONE_WAY_ONLY.has(name);
  }
  return !LATENCY_ONLY.has(name) && !ONE_WAY_ONLY.has(name);
}

/** The value columns of a scenario's cases: the fields that mean something for at least one of them. */
function valueFields(cases: readonly CaseResult[]): readonly FieldName[] {
  return VALUE_FIELDS.filter((name) => cases.some((c) => applies(name, c.params)));
}

/** A field's value as run: a latency case's message size resolved (one way: 8 B by default, not 1 B). */
function valueLabel(name: FieldName, params: CaseParams): string {
  return name === "messageSize" && isLatencyCase(params)
    ? formatSize(latencyPlan(params).messageSize)
    : fieldLabel(name, params);
}

function parameterRow(result: CaseResult, fields: readonly FieldName[]): string {
  const params = result.params;
  const cell = (name: FieldName) =>
    applies(name, params)
      ? `<td class="num">${escapeHtml(valueLabel(name, params))}</td>`
      : `<td class="num muted">—</td>`;
  const flags = flagWords(params);
  const cells = [
    `<td class="case">${escapeHtml(result.name)}</td>`,
    `<td>${endpointCell(params.writer)}</td>`,
    `<td>${endpointCell(params.reader)}</td>`,
    `<td>${flags.length > 0 ? escapeHtml(flags.join(", ")) : `<span class="muted">—</span>`}</td>`,
    ...fields.map(cell),
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
