/**
 * Which run a side of a comparison or a merge is: its file, run id, machine and a short label.
 *
 * @module
 */
import type { LatencyFigure } from "../model/latency.ts";
import type { Results, SystemInfo } from "../model/types.ts";

/** Which run a side of a comparison is. */
export interface RunLabel {
  /** The results file. */
  file: string;
  /** Its run id. */
  runId: string;
  /** A short human label: `host kernel` unless given. */
  label: string;
  /** The machine it ran on. */
  system: SystemInfo;
  /** When it started (ISO). */
  startedAt: string;
}

/** `host kernel`, the default label of a run. */
export function defaultLabel(results: Results): string {
  return `${results.system.hostname} ${results.system.kernelRelease}`;
}

/** The label of one results file, `label` or `host kernel`. */
export function runLabel(results: Results, file: string, label: string | undefined): RunLabel {
  return {
    file,
    runId: results.runId,
    label: label ?? defaultLabel(results),
    system: results.system,
    startedAt: results.startedAt,
  };
}

/** The GiB/s of every sample of case `id` (empty when the case is absent). */
export function samplesOf(results: Results, id: string): number[] {
  return results.cases.find((c) => c.id === id)?.samples.map((s) => s.gibPerSecond) ?? [];
}

/**
 * One figure (µs) of every latency run of case `id` (`p99`: each run's 99th percentile round trip;
 * empty when the case is absent or timed no round trips).
 */
export function latencySamplesOf(results: Results, id: string, figure: LatencyFigure): number[] {
  return results.cases.find((c) => c.id === id)?.samples.flatMap((s) =>
    s.latency === undefined ? [] : [s.latency.microseconds[figure]]
  ) ?? [];
}

/** A case's samples for a comparison: its GiB/s (`figure` null), or one latency figure in µs. */
export function valuesOf(results: Results, id: string, figure: LatencyFigure | null): number[] {
  return figure === null ? samplesOf(results, id) : latencySamplesOf(results, id, figure);
}
