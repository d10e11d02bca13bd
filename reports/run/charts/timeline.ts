/**
 * The run over time: the throughput of every sample against the time its run started (seconds
 * since the benchmark began), every case on one chart, so that drift (a slow minute of the host
 * dragging every case down together) and modes (a case jumping between two levels) show. Runs
 * measured during a steal spike are circled.
 *
 * @module
 */
import type { Results } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, colourAt } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { ranInStealSpike } from "../../../stats/steal.ts";

const SPIKE = "#d62728";

/**
 * One trace per case (markers joined in time order), the y axis logarithmic when the cases differ
 * by more than 5×; `null` when no sample records its start (results of an older pipespeed).
 */
export function timelineChart(results: Results): Figure | null {
  const timed = results.cases.filter((c) => c.samples.some((s) => s.startedAtSeconds !== undefined));
  if (timed.length === 0) return null;
  const title = "Every sample over time";
  const hovertemplate = "<b>%{customdata[0]}</b><br>%{y:.3f} GiB/s at %{x:.1f} s<br>run %{customdata[1]}, " +
    "repetition %{customdata[2]}<extra></extra>";
  const data: unknown[] = timed.map((c) => {
    const samples = c.samples.filter((s) => s.startedAtSeconds !== undefined)
      .sort((a, b) => a.startedAtSeconds! - b.startedAtSeconds!);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: escapeHtmlText(c.name),
      x: samples.map((s) => roundSignificant(s.startedAtSeconds!, 6)),
      y: samples.map((s) => roundSignificant(s.gibPerSecond)),
      customdata: samples.map((s) => [escapeHtmlText(c.name), s.run, s.repetition]),
      line: { width: 1, color: colourAt(results.cases.indexOf(c)) },
      marker: { size: 6, color: colourAt(results.cases.indexOf(c)) },
      hovertemplate,
    };
  });
  const spikes = timed.flatMap((c) =>
    c.samples.filter((s) => ranInStealSpike(s) && s.startedAtSeconds !== undefined).map((s) => ({ c, s }))
  );
  if (spikes.length > 0) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: "steal spike (≥ 5% stolen)",
      x: spikes.map(({ s }) => roundSignificant(s.startedAtSeconds!, 6)),
      y: spikes.map(({ s }) => roundSignificant(s.gibPerSecond)),
      customdata: spikes.map(({ c, s }) => [escapeHtmlText(c.name), s.run, s.repetition]),
      marker: { symbol: "circle-open", color: SPIKE, size: 14, line: { width: 2, color: SPIKE } },
      hovertemplate: hovertemplate.replace("<extra>", "<br><b>steal spike</b><extra>"),
    });
  }
  // A loop, not Math.min(...values): 130,000 samples as call arguments overflow the stack.
  let lowest = Infinity;
  let highest = 0;
  for (const c of timed) {
    for (const { gibPerSecond } of c.samples) {
      if (gibPerSecond <= 0) continue;
      lowest = Math.min(lowest, gibPerSecond);
      highest = Math.max(highest, gibPerSecond);
    }
  }
  const logarithmic = highest / lowest > 5;
  const layout = baseLayout(title, {
    xaxis: axis({ type: "linear", title: { text: "seconds since the run started" }, rangemode: "tozero" }),
    yaxis: axis(
      logarithmic
        ? { type: "log", title: { text: "GiB/s per run (log scale)" } }
        : { type: "linear", title: { text: "GiB/s per run" } },
    ),
    hovermode: "closest",
  });
  return { name: "timeline", title, data, layout };
}
