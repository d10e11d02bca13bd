/**
 * The github-action-benchmark exports of a run. The action reads one `tool` per file, so a run
 * with both kinds of case gives two files: throughput cases in `customBiggerIsBetter` (GiB/s), and
 * latency cases (`measure: latency`) in `customSmallerIsBetter`, two entries per case (p50 and p99,
 * µs), written beside the first as `<name>-latency.json` (cli/output.ts).
 *
 * @module
 */
import { isLatencyCase } from "../../model/latency.ts";
import type { Results } from "../../model/types.ts";
import { formatPercent } from "../format/percent.ts";

/**
 * github-action-benchmark `customBiggerIsBetter`: `[{name, unit, value, range, extra}]`, one entry
 * per throughput case with samples (latency cases: {@link toBenchmarkActionLatency}).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("benchmark.json", toBenchmarkAction(results));
 * ```
 */
export function toBenchmarkAction(results: Results): string {
  const entries = results.cases.flatMap((c) => {
    const s = c.stats?.throughputGibPerSecond;
    if (!s || isLatencyCase(c.params)) return [];
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

/** The latency figures exported, each an entry of its own: `<id> p50`, `<id> p99`. */
const EXPORTED_FIGURES = ["p50", "p99"] as const;

/**
 * github-action-benchmark `customSmallerIsBetter` for the latency cases with samples: per case
 * `<id> p50` and `<id> p99`, in µs, the median across runs with its interval; `null` when the run
 * has no latency case (no second file).
 *
 * @example
 * ```ts
 * const latency = toBenchmarkActionLatency(results);
 * if (latency !== null) await Deno.writeTextFile("benchmark-latency.json", latency);
 * ```
 */
export function toBenchmarkActionLatency(results: Results): string | null {
  const latencyCases = results.cases.filter((c) => isLatencyCase(c.params));
  if (latencyCases.length === 0) return null;
  const entries = latencyCases.flatMap((c) => {
    const figures = c.stats?.latencyMicroseconds;
    if (figures === undefined) return [];
    return EXPORTED_FIGURES.map((figure) => {
      const s = figures[figure];
      return {
        name: `${c.id} ${figure}`,
        unit: "µs",
        value: Number(s.median.toPrecision(6)),
        range: `${s.ci95Low.toPrecision(4)}..${s.ci95High.toPrecision(4)}`,
        extra: `n=${s.n} cv=${formatPercent(s.cv)} host=${results.system.hostname}`,
      };
    });
  });
  return JSON.stringify(entries, null, 2) + "\n";
}

/** Where the latency file goes beside `path`: `bench.json` → `bench-latency.json`, `bench` → `bench-latency`. */
export function latencyExportPath(path: string): string {
  return path.endsWith(".json") ? `${path.slice(0, -".json".length)}-latency.json` : `${path}-latency`;
}
