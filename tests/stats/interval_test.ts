/**
 * The interval of a median: exact order-statistic coverage at small n (checked against the binomial
 * by hand and by simulation), the bootstrap from 60 values, and the paired ratio to the first case.
 */
import {
  BOOTSTRAP_MIN_N,
  casesStats,
  medianInterval,
  orderStatisticCoverage,
  orderStatisticRank,
  ratioToFirst,
  seededRandom,
} from "../../stats/stats.ts";
import { assert, assertEquals } from "../helpers.ts";

function assertThrowsRangeError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (error instanceof RangeError) return;
    throw error;
  }
  throw new Error("expected a RangeError");
}

const close = (a: number, b: number, tolerance = 1e-12) => Math.abs(a - b) <= tolerance;

Deno.test("orderStatisticCoverage is 1 − 2·P(Bin(n, ½) < k), the rank the largest reaching 95%", () => {
  assert(close(orderStatisticCoverage(5, 1), 0.9375));
  assert(close(orderStatisticCoverage(10, 2), 1 - 2 * 11 / 1024)); // P(B ≤ 1) = (1 + 10)/1024
  assert(close(orderStatisticCoverage(9, 2), 1 - 2 * 10 / 512));
  // n = 8: k = 2 covers only 92.97%, so the range (99.2%) is the interval.
  assertEquals([5, 6, 8, 9, 10, 12, 20, 39].map((n) => orderStatisticRank(n)), [1, 1, 1, 2, 2, 3, 6, 13]);
  for (let n = 6; n < BOOTSTRAP_MIN_N; n++) {
    const k = orderStatisticRank(n);
    assert(orderStatisticCoverage(n, k) >= 0.95, `n = ${n}`);
    if (k + 1 <= n / 2) assert(orderStatisticCoverage(n, k + 1) < 0.95, `n = ${n}: k is the largest`);
  }
});

Deno.test("medianInterval: n = 1 none, order statistics below 60, bootstrap from 60; deterministic", () => {
  assertEquals(medianInterval([3], 1), { low: 3, high: 3, coverage: 0, method: "none" });
  assertThrowsRangeError(() => medianInterval([], 1));
  const ten = [10, 3, 7, 1, 9, 2, 8, 4, 6, 5];
  assertEquals(medianInterval(ten, 1), {
    low: 2,
    high: 9,
    coverage: orderStatisticCoverage(10, 2),
    method: "order-statistic",
  });
  const random = seededRandom(3);
  const sixty = Array.from({ length: 60 }, () => 10 + random());
  const boot = medianInterval(sixty, 5);
  assertEquals([boot.method, boot.coverage], ["bootstrap", 0.95]);
  assertEquals(medianInterval(sixty, 5), boot);
});

Deno.test("medianInterval: measured coverage of the true median is at least its stated coverage (n = 6..39)", () => {
  const random = seededRandom(99);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  for (const n of [6, 10, 15, 25]) {
    let covered = 0;
    const trials = 2000;
    for (let trial = 0; trial < trials; trial++) {
      // A skewed distribution with median exactly 10: 10 · e^(0.4 z).
      const interval = medianInterval(Array.from({ length: n }, () => 10 * Math.exp(0.4 * gaussian())), trial);
      if (interval.low <= 10 && 10 <= interval.high) covered++;
    }
    const stated = orderStatisticCoverage(n, orderStatisticRank(n));
    // Four binomial standard errors (1.5 points at n = 6) below the stated coverage; the percentile
    // bootstrap, 92.6% at n = 6, would fail it.
    const slack = 4 * Math.sqrt(stated * (1 - stated) / trials);
    assert(covered / trials >= stated - slack, `n = ${n}: covered ${covered / trials}, stated ${stated}`);
  }
});

Deno.test("ratioToFirst pairs by repetition: drift shared by a round cancels", () => {
  // The host slows every case alike in some rounds: the ratio of each round is exactly 0.5.
  const drift = [1, 0.6, 1.1, 0.4, 0.9, 1, 0.7, 1.2, 0.8, 1];
  const first = drift.map((d, repetition) => ({ repetition, gibPerSecond: 20 * d }));
  const other = drift.map((d, repetition) => ({ repetition, gibPerSecond: 10 * d })).reverse();
  const ratio = ratioToFirst(first, other, 1)!;
  assertEquals([ratio.median, ratio.ci95Low, ratio.ci95High, ratio.pairs], [0.5, 0.5, 0.5, 10]);
  // Unpaired repetitions are left out; fewer than 2 pairs give nothing.
  assertEquals(ratioToFirst(first, [{ repetition: 3, gibPerSecond: 1 }, { repetition: 42, gibPerSecond: 1 }], 1), null);
  assertEquals(ratioToFirst(first.slice(0, 2), other, 1)?.pairs, 2);
});

Deno.test("casesStats: each case's ratio to its own scenario's first case with samples, none for that case", () => {
  const samples = (gib: number, n = 3) =>
    Array.from({ length: n }, (_, repetition) => ({ repetition, gibPerSecond: gib }));
  const stats = casesStats(
    [
      { scenario: "a", samples: [] },
      { scenario: "a", samples: samples(10) },
      { scenario: "a", samples: samples(5) },
      { scenario: "b", samples: samples(4) },
      { scenario: "b", samples: samples(8, 1) },
      { scenario: "a", samples: samples(20) },
    ] as Parameters<typeof casesStats>[0],
    1,
  );
  assertEquals(stats[0], null);
  assertEquals(stats[1]?.ratioToFirst, undefined);
  assertEquals(stats[2]?.ratioToFirst?.median, 0.5);
  assertEquals(stats[3]?.ratioToFirst, undefined);
  assertEquals(stats[4]?.ratioToFirst, undefined, "one pair: no ratio");
  assertEquals(stats[5]?.ratioToFirst?.median, 2);
  assertEquals(stats[2]?.independentSamples, 3);
});
