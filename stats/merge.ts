/**
 * Merging results files — the data side of `pipespeed merge`: the same cases measured on several
 * machines (kernels, commits), lined up case by case.
 *
 * @module
 */
import type { CaseParams, Results, Summary } from "../model/types.ts";
import { describeSemanticDifferences, semanticDifferences } from "../model/semantics.ts";
import { defaultLabel, latencySamplesOf, type RunLabel, runLabel, samplesOf } from "./run-label.ts";
import { figureResolved, isLatencyCase, isOneWayCase, LATENCY_PERCENTILES } from "../model/latency.ts";
import { summarize } from "./summary.ts";

/** A percentile a merge carries per machine: the keys of `LATENCY_PERCENTILES`, `p50` … `p9999`. */
export type MergedLatencyFigure = "p50" | "p90" | "p99" | "p999" | "p9999";

/**
 * The latency figures a merge carries per machine (issue 18): every percentile (the table shows
 * the median and the tail, p50 and p99; the chart draws them all).
 */
export const MERGED_LATENCY_FIGURES: readonly MergedLatencyFigure[] = LATENCY_PERCENTILES.map(([key]) => key);

/**
 * A latency case across machines: per percentile, its summary (µs across the runs) per machine,
 * `null` where it timed no round trips.
 */
export type MergedLatency = { [F in MergedLatencyFigure]: (Summary | null)[] } & {
  /**
   * Per percentile and machine, whether every run there timed enough round trips for it
   * (`figureResolved`): where not, the figure is the runs' maximum.
   */
  resolved: { [F in MergedLatencyFigure]: boolean[] };
  /** One-way latency at a `rate` (open loop), not round trips. */
  oneWay: boolean;
};

/** One case across several machines. */
export interface MergedCase {
  /** Case id. */
  id: string;
  /** Case name. */
  name: string;
  /** Scenario name. */
  scenario: string;
  /** Throughput summary per machine, in `machines` order; `null` where it was not measured. */
  perMachine: (Summary | null)[];
  /** GiB/s samples per machine. */
  samples: number[][];
  /**
   * Per machine, why its numbers are not comparable with the first machine's (its kernel differs
   * on a semantic the case depends on: `kernel semantics differ: vmspliceZeroCopy yes → no`), else
   * `null` (always `null` for the first machine).
   */
  notComparable: (string | null)[];
  /** A latency case (`measure: latency`): its percentiles per machine. Absent for a throughput case. */
  latency?: MergedLatency;
}

/** Results of several machines lined up. */
export interface Merged {
  /** One entry per results file, labels distinct. */
  machines: RunLabel[];
  /** Every case id seen, in first-seen order. */
  cases: MergedCase[];
}

/**
 * Lines up the same cases from several results files (machines, kernels, commits). Labels default
 * to `host kernel`; duplicates get ` (2)`, ` (3)`… so every machine stays distinct.
 */
export function mergeResults(inputs: { results: Results; file: string; label?: string }[]): Merged {
  const used = new Map<string, number>();
  const machines = inputs.map(({ results, file, label }) => {
    const wanted = label ?? defaultLabel(results);
    const seen = (used.get(wanted) ?? 0) + 1;
    used.set(wanted, seen);
    return runLabel(results, file, seen === 1 ? wanted : `${wanted} (${seen})`);
  });
  const order: { id: string; name: string; scenario: string; params: CaseParams }[] = [];
  const known = new Set<string>();
  for (const { results } of inputs) {
    for (const c of results.cases) {
      if (known.has(c.id)) continue;
      known.add(c.id);
      order.push({ id: c.id, name: c.name, scenario: c.scenario, params: c.params });
    }
  }
  const firstSemantics = inputs[0]?.results.system.kernelSemantics;
  const cases = order.map(({ id, name, scenario, params }): MergedCase => {
    const samples = inputs.map(({ results }) => samplesOf(results, id));
    const notComparable = inputs.map(({ results }) => {
      const differences = semanticDifferences(firstSemantics, results.system.kernelSemantics, params);
      return differences.length === 0 ? null : describeSemanticDifferences(differences);
    });
    const latency = isLatencyCase(params) ? mergedLatency(inputs.map(({ results }) => results), id, params) : undefined;
    return {
      notComparable,
      ...(latency === undefined ? {} : { latency }),
      id,
      name,
      scenario,
      samples,
      perMachine: samples.map((values, i) => values.length === 0 ? null : summarize(values, inputs[i].results.seed)),
    };
  });
  return { machines, cases };
}

/** A latency case's percentiles on each machine. */
function mergedLatency(runs: Results[], id: string, params: CaseParams): MergedLatency {
  const perFigure = <T>(of: (figure: MergedLatencyFigure) => T) =>
    Object.fromEntries(MERGED_LATENCY_FIGURES.map((figure) => [figure, of(figure)])) as {
      [F in MergedLatencyFigure]: T;
    };
  return {
    ...perFigure((figure) =>
      runs.map((results) => {
        const values = latencySamplesOf(results, id, figure);
        return values.length === 0 ? null : summarize(values, results.seed);
      })
    ),
    resolved: perFigure((figure) =>
      runs.map((results) => figureResolved(figure, results.cases.find((c) => c.id === id)?.samples ?? []))
    ),
    oneWay: isOneWayCase(params),
  };
}
