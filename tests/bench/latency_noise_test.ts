/**
 * The `noisy:` warning of a latency case (issue 18) reads the spread of its runs' p50 round trip,
 * not that of its round trips' throughput.
 */
import { finalizeResults } from "../../bench/results.ts";
import type { CaseResult, Results } from "../../model/types.ts";
import { assert, assertEquals } from "../helpers.ts";

const BLOG = new URL("../fixtures/results/blog.json", import.meta.url);

/** blog.json's first case as a latency case: its runs' p50 and throughput as given. */
async function latencyResults(p50s: number[], gibs: number[]): Promise<Results> {
  const results: Results = JSON.parse(await Deno.readTextFile(BLOG));
  const c: CaseResult = results.cases[0];
  c.params = { ...c.params, measure: "latency", messageSize: 1, roundTrips: 1000 };
  c.samples = c.samples.slice(0, p50s.length).map((s, i) => {
    const p50 = p50s[i];
    const microseconds = { p50, p90: p50 * 2, p99: p50 * 5, p999: p50 * 9, p9999: p50 * 12, max: p50 * 20, mean: p50 };
    const histogram = { subBucketBits: 7, buckets: [], max: p50 * 20_000, sum: p50 * 1e6 };
    return { ...s, gibPerSecond: gibs[i], latency: { roundTrips: 1000, messageSize: 1, microseconds, histogram } };
  });
  results.cases = [c];
  return finalizeResults(results);
}

const noisyOf = (results: Results) => results.cases[0].warnings.filter((w) => w.startsWith("noisy"));

Deno.test("latency: steady p50 with a scattered round-trip throughput is not noisy", async () => {
  // The throughput's CV is about 40%; the p50's under 1%.
  const results = await latencyResults([10, 10.1, 9.9, 10, 10.05], [0.1, 0.2, 0.05, 0.15, 0.1]);
  assert(results.cases[0].stats!.throughputGibPerSecond.cv > 0.3, "the throughput scatters");
  assertEquals(noisyOf(results), []);
});

Deno.test("latency: a scattered p50 is noisy, and the warning says it is the p50's", async () => {
  const results = await latencyResults([10, 20, 7, 15, 30], [0.1, 0.1, 0.1, 0.1, 0.1]);
  const warnings = noisyOf(results);
  assertEquals(warnings.length, 1);
  assert(warnings[0].includes("p50"), warnings[0]);
});
