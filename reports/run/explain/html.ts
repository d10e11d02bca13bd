/**
 * The "Why" section of the run report: the calibration (each probe with its method on hover), the
 * cost model of every case (CPU time, wake-ups and faults per GiB per side, copies per byte, the
 * ceiling and the fraction of it reached), and for a scenario that forms a sequence, each step next
 * to the previous one (`steps.ts`). The waterfall chart is with the other charts.
 *
 * @module
 */
import type { Explain } from "../../../model/calibration-schema.ts";
import type { CaseResult, Results } from "../../../model/types.ts";
import { formatPercent } from "../../format/percent.ts";
import { formatGib, formatRatio } from "../../format/throughput.ts";
import { formatBytes } from "../../format/bytes.ts";
import { attribute, escapeHtml } from "../../page/escape.ts";
import { explainOf, movedText, scenarioSteps } from "./steps.ts";
import { isLatencyCase } from "../../../model/latency.ts";
import { profileLines, profileNote } from "./text.ts";

const dash = `<span class="muted">—</span>`;

function num(value: number | null | undefined, format: (v: number) => string): string {
  return value === null || value === undefined || !Number.isFinite(value) ? dash : escapeHtml(format(value));
}

const seconds = (v: number) => v.toPrecision(3);
const perGib = (v: number) => v >= 100 ? v.toFixed(0) : v.toPrecision(2);

function caseRow(result: CaseResult, explain: Explain): string {
  const median = result.stats?.throughputGibPerSecond.median;
  const cpu = (side: "writer" | "reader") => {
    const c = explain.cpuSecondsPerGiB[side];
    return c === null
      ? dash
      : `<span title=${attribute(`user ${seconds(c.user)} s + system ${seconds(c.system)} s`)}>${
        escapeHtml(seconds(c.total))
      }</span>`;
  };
  const wake = (side: "writer" | "reader") => num(explain.contextSwitchesPerGiB[side]?.bytesPerWakeup, formatBytes);
  return `<tr><td class="case">${escapeHtml(result.name)}</td>` +
    `<td class="num">${num(median, formatGib)}</td>` +
    `<td class="num">${num(explain.ceilingGibPerSecond, formatGib)}</td>` +
    `<td class="num">${num(explain.fractionOfCeiling, formatPercent)}</td>` +
    `<td class="num">${num(explain.copiesPerByte.total, String)}</td>` +
    `<td class="num">${cpu("writer")}</td><td class="num">${cpu("reader")}</td>` +
    `<td class="num">${wake("writer")}</td><td class="num">${wake("reader")}</td>` +
    `<td class="num">${num(explain.pageFaultsPerGiB.writer, perGib)}</td>` +
    `<td class="num">${num(explain.pageFaultsPerGiB.reader, perGib)}</td></tr>`;
}

function costTable(results: Results): string {
  // Latency cases (issue 18) are out of the cost model (per GiB streamed), as out of the throughput table.
  const rows = results.cases.filter((result) => !isLatencyCase(result.params)).map((result) =>
    caseRow(result, explainOf(result, results))
  );
  if (rows.length === 0) return "";
  return `<h3>Cost model</h3>
<div class="card table-scroll"><table>
<thead><tr><th>Case</th><th class="num">GiB/s</th><th class="num">ceiling GiB/s</th><th class="num">of ceiling</th>` +
    `<th class="num">copies per byte</th><th class="num">writer CPU s/GiB</th><th class="num">reader CPU s/GiB</th>` +
    `<th class="num">writer bytes per wake-up</th><th class="num">reader bytes per wake-up</th>` +
    `<th class="num">writer faults/GiB</th><th class="num">reader faults/GiB</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

function calibrationTable(results: Results): string {
  const c = results.system.calibration;
  if (c === undefined) {
    return `<p class="muted">No calibration in these results (written before pipespeed measured one): no ceilings.</p>`;
  }
  const ns = (v: number) => `${(v * 1e9).toFixed(0)} ns`;
  const rows: [string, string, string][] = [
    ...c.copyGibPerSecond.map((p): [string, string, string] => [
      `copy, ${formatBytes(p.bytes)} buffers`,
      `${p.value.toFixed(1)} GiB/s`,
      p.method,
    ]),
    [
      `copy, ${formatBytes(c.copyDramGibPerSecond.bytes)} buffers (DRAM)`,
      `${c.copyDramGibPerSecond.value.toFixed(1)} GiB/s`,
      c.copyDramGibPerSecond.method,
    ],
    ["trivial syscall", ns(c.syscallSeconds.value), c.syscallSeconds.method],
    ["pipe write + read of 1 byte", ns(c.pipeWriteReadSeconds.value), c.pipeWriteReadSeconds.method],
    [
      "wake-up round trip",
      c.wakeupRoundTripSeconds.value === null
        ? `not measured: ${c.wakeupRoundTripSeconds.reason ?? ""}`
        : `${(c.wakeupRoundTripSeconds.value * 1e6).toFixed(1)} µs`,
      c.wakeupRoundTripSeconds.method,
    ],
    ["vmsplice per page", ns(c.vmsplicePageSeconds.value), c.vmsplicePageSeconds.method],
    ["vmsplice per page, huge pages", ns(c.vmspliceHugePageSeconds.value), c.vmspliceHugePageSeconds.method],
    ["splice per page", ns(c.splicePageSeconds.value), c.splicePageSeconds.method],
    ["splice per page, huge pages", ns(c.spliceHugePageSeconds.value), c.spliceHugePageSeconds.method],
  ];
  const body = rows.map(([name, value, method]) =>
    `<tr><td>${escapeHtml(name)}</td><td class="num">${escapeHtml(value)}</td><td class="muted">${
      escapeHtml(method)
    }</td></tr>`
  ).join("\n");
  return `<h3>Calibration</h3><p class="muted">${
    c.fromCache
      ? `From the cache of this boot, measured ${escapeHtml(c.measuredAt)}.`
      : `Measured in ${c.seconds.toFixed(1)} s before the runs.`
  }</p><div class="card table-scroll"><table>
<thead><tr><th>Probe</th><th class="num">value</th><th>method</th></tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

function stepsTables(results: Results): string {
  return scenarioSteps(results).map(({ scenario, steps }) => {
    const rows = steps.map((step) =>
      `<tr><td class="case">${escapeHtml(step.from.name)} → ${escapeHtml(step.to.name)}</td>` +
      `<td>${step.changes.length > 0 ? escapeHtml(step.changes.join(", ")) : dash}</td>` +
      `<td class="num">${num(step.ratio, formatRatio)}</td>` +
      `<td>${step.moved.length > 0 ? escapeHtml(step.moved.map(movedText).join("; ")) : dash}</td></tr>`
    );
    return `<h3>${escapeHtml(scenario)}, step by step</h3><div class="card table-scroll"><table>
<thead><tr><th>Step</th><th>What changed</th><th class="num">throughput</th><th>Costs that moved (20% or more)</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
  }).join("\n");
}

function profileList(results: Results): string {
  const lines = profileLines(results);
  if (lines.length === 0) return "";
  const note = profileNote(results);
  return `<h3>Kernel profiles</h3>${note === null ? "" : `<p class="muted">${escapeHtml(note)}</p>`}<ul>${
    lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")
  }</ul>`;
}

/** The section: steps, the cost model of every case, the calibration. */
export function explainSection(results: Results): string {
  if (results.cases.length === 0) return "";
  return `<section id="why"><h2>Why: steps, costs and ceilings</h2>
<p class="muted">Costs are per GiB moved, summed over the samples (getrusage of each side). The ceiling is what the ` +
    `calibration allows the slower side: its copies at the measured memcpy bandwidth plus its per-call or per-page ` +
    `costs; wake-ups are not in it.</p>
${
      [stepsTables(results), costTable(results), profileList(results), calibrationTable(results)]
        .filter((part) => part !== "").join("\n")
    }
</section>`;
}
