/**
 * The github-action-benchmark export of a run: its `customBiggerIsBetter` format.
 *
 * @module
 */
import type { Results } from "../../model/types.ts";
import { formatPercent } from "../format/percent.ts";

/**
 * github-action-benchmark `customBiggerIsBetter`: `[{name, unit, value, range, extra}]`, one entry
 * per case with samples.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("benchmark.json", toBenchmarkAction(results));
 * ```
 */
export function toBenchmarkAction(results: Results): string {
  const entries = results.cases.flatMap((c) => {
    const s = c.stats?.throughputGibPerSecond;
    if (!s) return [];
    return [{
      name: c.id,
      unit: "GiB/s",
      value: Number(s.median.toFixed(4)),
      range: `${s.ci95Low.toFixed(3)}..${s.ci95High.toFixed(3)}`,
      extra: `n=${s.n} cv=${formatPercent(s.cv)} host=${results.system.hostname}`,
    }];
  });
  return JSON.stringify(entries, null, 2) + "\n";
}
