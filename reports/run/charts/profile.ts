/**
 * A case's kernel profile (`--profile`) as a chart: the functions with the most samples of each
 * side, sorted, as horizontal bars of their share (writer left, reader right). The cartesian
 * Plotly bundle has no icicle or sunburst trace; the folded stacks are in results.json for a
 * flame graph tool.
 *
 * @module
 */
import type { SideProfile } from "../../../model/calibration-schema.ts";
import type { Results } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { slug } from "../../format/names.ts";
import { axis, baseLayout, SIDE_COLOURS } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { profileWindowText } from "../explain/text.ts";

/** Functions drawn per side. */
const BARS = 12;

function sideTrace(side: "writer" | "reader", profile: SideProfile | null, axes: { x: string; y: string }) {
  const top = (profile?.top ?? []).slice(0, BARS).reverse();
  return {
    type: "bar",
    orientation: "h",
    name: side,
    xaxis: axes.x,
    yaxis: axes.y,
    x: top.map((entry) => roundSignificant(entry.share * 100, 4)),
    y: top.map((entry) => escapeHtmlText(entry.symbol)),
    marker: { color: SIDE_COLOURS[side].strong },
    hovertemplate: `<b>%{y}</b><br>${side}: %{x:.1f}% of ${profile?.samples ?? 0} samples<extra></extra>`,
  };
}

/** One chart per profiled case, named `profile-<case>`. */
export function profileCharts(results: Results): Figure[] {
  return results.cases.flatMap((result) => {
    const profile = result.profile;
    if (profile === undefined) return [];
    const recorded = profile.run === null ? "an extra run outside the turns" : `run ${profile.run}`;
    const title = `${result.name}: where each side's time goes (perf ${profile.event}, ${recorded})`;
    const covers = (side: "writer" | "reader") => {
      const p = profile[side];
      return p === null ? "" : `, ${profileWindowText(p)}`;
    };
    const data = [
      sideTrace("writer", profile.writer, { x: "x", y: "y" }),
      sideTrace("reader", profile.reader, { x: "x2", y: "y2" }),
    ];
    const layout = baseLayout(title, {
      height: 460,
      xaxis: axis({
        domain: [0, 0.42],
        title: { text: `writer: % of samples (self${covers("writer")})` },
        rangemode: "tozero",
      }),
      yaxis: axis({ anchor: "x", automargin: true }),
      xaxis2: axis({
        domain: [0.58, 1],
        title: { text: `reader: % of samples (self${covers("reader")})` },
        rangemode: "tozero",
      }),
      yaxis2: axis({ anchor: "x2", automargin: true }),
      showlegend: false,
      margin: { l: 24, r: 24, t: 64, b: 56 },
    });
    return [{ name: `profile-${slug(result.name)}`, title, data, layout }];
  });
}
