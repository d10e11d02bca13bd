/**
 * Steal against throughput: each sample's throughput relative to its case's median against the
 * share of CPU time the hypervisor stole during its run, every case on one chart. A cloud of points
 * sloping down says the host's neighbours cost this run time; a flat one says steal was not the
 * noise. The spike threshold is drawn as a vertical line.
 *
 * @module
 */
import { STEAL_SPIKE } from "../../../model/results-schema.ts";
import type { Results } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, colourAt } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";

/** One trace per case; `null` when no sample records its steal (no /proc/stat, or an older file). */
export function stealChart(results: Results): Figure | null {
  const cases = results.cases.map((c, index) => ({ c, index })).filter(({ c }) =>
    c.stats !== null && c.samples.some((s) => typeof s.noise?.steal === "number")
  );
  if (cases.length === 0) return null;
  const title = "Steal against throughput";
  let highest = STEAL_SPIKE;
  const data: unknown[] = cases.map(({ c, index }) => {
    const median = c.stats!.throughputGibPerSecond.median;
    const samples = c.samples.filter((s) => typeof s.noise?.steal === "number");
    for (const s of samples) highest = Math.max(highest, s.noise!.steal!);
    return {
      type: "scatter",
      mode: "markers",
      name: escapeHtmlText(c.name),
      x: samples.map((s) => roundSignificant(s.noise!.steal! * 100, 4)),
      y: samples.map((s) => median > 0 ? roundSignificant(s.gibPerSecond / median, 4) : 0),
      customdata: samples.map((s) => [escapeHtmlText(c.name), s.run, roundSignificant(s.gibPerSecond)]),
      marker: { size: 7, color: colourAt(index) },
      hovertemplate: "<b>%{customdata[0]}</b><br>run %{customdata[1]}: %{customdata[2]} GiB/s, " +
        "%{y:.3f}× its median<br>%{x:.2f}% of CPU time stolen<extra></extra>",
    };
  });
  const layout = baseLayout(title, {
    xaxis: axis({
      type: "linear",
      title: { text: "CPU time stolen during the run (%)" },
      range: [0, roundSignificant(highest * 100 * 1.1, 3)],
    }),
    yaxis: axis({ type: "linear", title: { text: "throughput / the case's median" } }),
    shapes: [{
      type: "line",
      xref: "x",
      yref: "paper",
      x0: STEAL_SPIKE * 100,
      x1: STEAL_SPIKE * 100,
      y0: 0,
      y1: 1,
      line: { color: "#d62728", width: 1, dash: "dot" },
    }],
    hovermode: "closest",
  });
  return { name: "steal", title, data, layout };
}
