/**
 * The precision target judged on the real statistics (stats/summary.ts through finalizeResults):
 * a range of 2 to 5 values is not a 95% interval, however narrow, so it does not meet a target.
 */
import { extraRound, precisionNotes, precisions, recordPrecision } from "../../bench/precision.ts";
import { finalizeResults } from "../../bench/results.ts";
import type { Case, CaseResult, Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;

/** Two cases of one scenario (the first is the other's reference) with these throughputs, by repetition. */
function results(first: number[], other: number[], params: Partial<CaseResult["params"]> = {}): Results {
  const r: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  r.cases = r.cases.slice(0, 2).map((c, i) => {
    const values = i === 0 ? first : other;
    const template = c.samples[0];
    return {
      ...c,
      params: { ...c.params, precision: 0.02, maxTime: 165, ...params },
      samples: values.map((gibPerSecond, repetition) => ({
        ...template,
        run: 2 * repetition + i,
        repetition,
        gibPerSecond,
      })),
      failures: [],
    };
  });
  return finalizeResults(r);
}

const casesOf = (r: Results): Case[] =>
  r.cases.map(({ id, name, scenario, params }) => ({ id, name, scenario, params }));

Deno.test("precision: the reviewer's busy_loop_huge — 2 samples whose range is ±1.9% — is not within ±2%", () => {
  // 49.8 and 42.3 GiB/s over a reference that moved alike: ratios 1.0 and 1.038, a ±1.9% range.
  const r = results([49.8, 40.75], [49.8, 42.3]);
  const [, other] = precisions(r);
  assertEquals(other.of, "ratioToFirst");
  assert(other.halfWidth !== null && other.halfWidth < 0.02, `half-width ${other.halfWidth}`);
  assertEquals(other.coverage, 0.5, "the range of 2 values holds the median half the time");
  recordPrecision(r);
  assertEquals(r.cases[1].precision?.reached, false);
  assertEquals(r.cases[1].precision?.coverage, 0.5);
  assertIncludes(precisionNotes(r).find((n) => n.startsWith(r.cases[1].name)) ?? "", "50% coverage, not 95%");
  const round = extraRound(r, casesOf(r), { elapsedSeconds: 10 }, 4, r.seed);
  assertEquals(round.map((p) => p.caseIndex).sort(), [0, 1], "a round is added, with its reference");
});

Deno.test("precision: from 2 to 5 samples no range meets the target; 6 tight samples (96.9% coverage) do", () => {
  const steady = (n: number) => Array.from({ length: n }, (_, i) => 10 * (1 + 0.001 * (i % 3)));
  for (let n = 2; n <= 5; n++) {
    const r = results(steady(n), steady(n).map((v) => v / 2));
    recordPrecision(r);
    assertEquals(r.cases.map((c) => c.precision?.reached), [false, false], `${n} samples`);
  }
  const r = results(steady(6), steady(6).map((v) => v / 2));
  recordPrecision(r);
  assertEquals(r.cases[1].precision?.reached, true);
  assert((r.cases[1].precision?.coverage ?? 0) >= 0.95, JSON.stringify(r.cases[1].precision));
});

Deno.test("precision: a latency case's p50 goes through the same rule", () => {
  const r = results([10, 10], [10, 10], { measure: "latency" });
  r.cases.forEach((c) =>
    c.samples.forEach((s, i) => {
      const p50 = 20 + 0.1 * i; // two p50s within ±0.3%: a 50% range
      s.latency = {
        roundTrips: 1000,
        messageSize: 1,
        microseconds: { p50, p90: p50, p99: p50, p999: p50, p9999: p50, max: 2 * p50, mean: p50 },
        histogram: { subBucketBits: 7, buckets: [], max: 0, sum: 0 },
      };
    })
  );
  finalizeResults(r);
  recordPrecision(r);
  assertEquals(r.cases[0].precision?.of, "p50");
  assert((r.cases[0].precision?.halfWidth ?? 1) < 0.02);
  assertEquals(r.cases[0].precision?.reached, false, "a 2-value range of p50s is not a 95% interval");
});
