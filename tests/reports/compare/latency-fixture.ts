/**
 * Results with latency cases for the compare and merge tests (issue 18): blog.json with two of its
 * cases turned into latency cases, their runs given round-trip figures.
 *
 * @module
 */
import type { CaseResult, Results } from "../../../model/types.ts";
import { latencyStats } from "../../../stats/stats.ts";

const FIXTURES = new URL("../../fixtures/results/", import.meta.url);

/** One latency case's figures: each run's p50 and p99 (µs), its round trips' GiB/s. */
export interface LatencyFigures {
  p50: number;
  p99: number;
  gib: number;
  /** Round trips per run (params and runs), default 1000: p99 needs 100, p99.9 1000. */
  roundTrips?: number;
}

/**
 * `c` as a latency case: each run's p50 `p50` µs and p99 `p99` µs (with a little deterministic
 * spread), a throughput of `gib` GiB/s for its round trips, `roundTrips` round trips a run.
 */
export function asLatency(c: CaseResult, { p50, p99, gib, roundTrips = 1000 }: LatencyFigures): CaseResult {
  const samples = c.samples.map((s, i) => {
    const spread = 1 + 0.01 * ((i * 7) % 5 - 2);
    const figures = {
      p50: p50 * spread,
      p90: p50 * 1.5 * spread,
      p99: p99 * spread,
      p999: p99 * 2 * spread,
      p9999: p99 * 3 * spread,
      max: p99 * 4 * spread,
      mean: p50 * 1.1 * spread,
    };
    return {
      ...s,
      gibPerSecond: gib * spread,
      latency: {
        roundTrips,
        messageSize: 1,
        microseconds: figures,
        histogram: { subBucketBits: 7, buckets: [], max: figures.max * 1000, sum: figures.mean * 1e6 },
      },
    };
  });
  const params = { ...c.params, measure: "latency" as const, messageSize: 1, roundTrips };
  const result = { ...c, params, samples };
  return { ...result, stats: result.stats && { ...result.stats, latencyMicroseconds: latencyStats(samples, 1) } };
}

/** blog.json, every case of `latency` turned into a latency case with its figures. */
export async function blogWithLatency(latency: Record<string, LatencyFigures>): Promise<Results> {
  const results: Results = JSON.parse(await Deno.readTextFile(new URL("blog.json", FIXTURES)));
  results.cases = results.cases.map((c) => latency[c.id] === undefined ? c : asLatency(c, latency[c.id]));
  return results;
}

/** blog.json with `blog/write-read` (`ping`) and `blog/vmsplice-splice` (`pong`) as latency cases. */
export async function latencyRun(ping: LatencyFigures, pong: LatencyFigures): Promise<Results> {
  return await blogWithLatency({ "blog/write-read": ping, "blog/vmsplice-splice": pong });
}
