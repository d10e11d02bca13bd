/**
 * The github-action-benchmark exports of a run. The action reads one `tool` per file, so a run
 * with both kinds of case gives two files: throughput cases in `customBiggerIsBetter` (GiB/s), and
 * latency cases (`measure: latency`) in `customSmallerIsBetter`, an entry per resolved figure of a
 * case (p50 and p99, µs), written beside the first as `<name>-latency.json` (cli/output.ts). The
 * action throws on a file without an entry ("No benchmark result was found"), so each is `null`
 * when it would have none: the caller writes no such file.
 *
 * @module
 */
import { figureResolved, isLatencyCase } from "../../model/latency.ts";
import type { Results } from "../../model/types.ts";
import { formatPercent } from "../format/percent.ts";

/** One entry of the action's custom formats. */
interface ActionEntry {
  name: string;
  unit: string;
  value: number;
  range: string;
  extra: string;
}

/** The entries as the file's text, or `null` without any (the action refuses an empty list). */
function fileText(entries: ActionEntry[]): string | null {
  return entries.length === 0 ? null : JSON.stringify(entries, null, 2) + "\n";
}

/**
 * `value` with `significant` significant digits in plain decimals, never an exponent: `31.17`,
 * `1348`, `10058` (`toPrecision` writes `1.006e+4`, which the action shows as is).
 *
 * @example
 * ```ts
 * plainDecimal(10057.9); // "10058"
 * ```
 */
function plainDecimal(value: number, significant = 4): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const decimals = significant - 1 - Math.floor(Math.log10(Math.abs(value)));
  return value.toFixed(Math.min(20, Math.max(0, decimals)));
}

/**
 * github-action-benchmark `customBiggerIsBetter`: `[{name, unit, value, range, extra}]`, one entry
 * per throughput case with samples (latency cases: {@link toBenchmarkActionLatency}); `null` when
 * no throughput case has any (no file: the action refuses an empty list).
 *
 * @example
 * ```ts
 * const throughput = toBenchmarkAction(results);
 * if (throughput !== null) await Deno.writeTextFile("benchmark.json", throughput);
 * ```
 */
export function toBenchmarkAction(results: Results): string | null {
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
  return fileText(entries);
}

/** The latency figures exported, each an entry of its own: `<id> p50`, `<id> p99`. */
const EXPORTED_FIGURES = ["p50", "p99"] as const;

/**
 * github-action-benchmark `customSmallerIsBetter` for the latency cases with samples: per case
 * `<id> p50` and `<id> p99`, in µs, the median across runs with its interval — each only where
 * every run timed enough round trips for it (`figureResolved`, the rule behind the tables' "—":
 * else the figure is the runs' maximum); `null` when that leaves no entry (no second file).
 *
 * @example
 * ```ts
 * const latency = toBenchmarkActionLatency(results);
 * if (latency !== null) await Deno.writeTextFile("benchmark-latency.json", latency);
 * ```
 */
export function toBenchmarkActionLatency(results: Results): string | null {
  const entries = results.cases.filter((c) => isLatencyCase(c.params)).flatMap((c) => {
    const figures = c.stats?.latencyMicroseconds;
    if (figures === undefined) return [];
    return EXPORTED_FIGURES.filter((figure) => figureResolved(figure, c.samples)).map((figure) => {
      const s = figures[figure];
      return {
        name: `${c.id} ${figure}`,
        unit: "µs",
        value: Number(s.median.toPrecision(6)),
        range: `${plainDecimal(s.ci95Low)}..${plainDecimal(s.ci95High)}`,
        extra: `n=${s.n} cv=${formatPercent(s.cv)} host=${results.system.hostname}`,
      };
    });
  });
  return fileText(entries);
}

/** Where the latency file goes beside `path`: `bench.json` → `bench-latency.json`, `bench` → `bench-latency`. */
export function latencyExportPath(path: string): string {
  return path.endsWith(".json") ? `${path.slice(0, -".json".length)}-latency.json` : `${path}-latency`;
}
