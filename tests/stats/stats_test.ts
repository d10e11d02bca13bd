import {
  bootstrapMedianCi,
  bootstrapRatioOfMediansCi,
  caseStats,
  madOutliers,
  mannWhitneyU,
  mean,
  median,
  medianRangeCoverage,
  quantile,
  sampleStddev,
  seededRandom,
  shuffle,
  smallestPossiblePValue,
  summarize,
} from "../../stats/stats.ts";
import { assert, assertEquals } from "../helpers.ts";

/** Asserts `actual` is not `unexpected` (compared as JSON, as assertEquals does). */
function assertNotEquals<T>(actual: T, unexpected: T): void {
  assert(JSON.stringify(actual) !== JSON.stringify(unexpected), `expected anything but ${JSON.stringify(unexpected)}`);
}

/** Asserts `run` throws a `RangeError`. */
function assertThrowsRangeError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    assert(error instanceof RangeError, `expected a RangeError, got ${error}`);
    return;
  }
  throw new Error("expected a RangeError, nothing was thrown");
}

/** Asserts `actual` is within `tolerance` of `expected`. */
function assertClose(actual: number, expected: number, tolerance = 1e-9): void {
  assert(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);
}

/** 50 plausible throughputs around 10 GiB/s. */
function throughputs(seed: number, count = 50): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => 10 + (random() - 0.5) * 2);
}

Deno.test("seededRandom is reproducible, seed-dependent and within [0, 1)", () => {
  const first = seededRandom(42);
  const second = seededRandom(42);
  const other = seededRandom(43);
  const a = Array.from({ length: 1000 }, first);
  assertEquals(a, Array.from({ length: 1000 }, second));
  assertNotEquals(a, Array.from({ length: 1000 }, other));
  assert(a.every((value) => value >= 0 && value < 1));
  assertClose(mean(a), 0.5, 0.05);
});

Deno.test("shuffle returns a reproducible permutation and leaves the input alone", () => {
  const items = Array.from({ length: 20 }, (_, index) => index);
  const original = items.slice();
  const shuffled = shuffle(items, seededRandom(7));
  assertEquals(items, original);
  assertEquals(shuffled.slice().sort((a, b) => a - b), original);
  assertNotEquals(shuffled, original);
  assertEquals(shuffle(items, seededRandom(7)), shuffled);
  assertNotEquals(shuffle(items, seededRandom(8)), shuffled);
  assertEquals(shuffle([], seededRandom(1)), []);
});

Deno.test("median, mean and sampleStddev match known values", () => {
  assertEquals(median([1, 2, 3, 4]), 2.5);
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([10, 9, 100]), 10); // numeric, not lexicographic, order
  assert(Number.isNaN(median([])));
  assertEquals(mean([1, 2, 3, 4]), 2.5);
  assert(Number.isNaN(mean([])));
  assertClose(sampleStddev([2, 4, 4, 4, 5, 5, 7, 9]), 2.138089935299395, 1e-12); // numpy std(ddof=1)
  assertEquals(sampleStddev([5]), 0);
  assertEquals(sampleStddev([]), 0);
});

Deno.test("quantile is type 7 (numpy's default)", () => {
  const sorted = [3, 1, 4, 1, 5, 9, 2, 6].sort((a, b) => a - b); // [1, 1, 2, 3, 4, 5, 6, 9]
  // (n - 1) q = 2.1 → 2 + 0.1 (3 - 2); 5.25 → 5 + 0.25 (6 - 5); 6.3 → 6 + 0.3 (9 - 6)
  assertClose(quantile(sorted, 0.3), 2.1);
  assertClose(quantile(sorted, 0.75), 5.25);
  assertClose(quantile(sorted, 0.9), 6.9);
  assertClose(quantile([1, 2, 3, 4], 0.25), 1.75);
  assertEquals(quantile(sorted, 0), 1);
  assertEquals(quantile(sorted, 1), 9);
  assertEquals(quantile([7], 0.5), 7);
  assert(Number.isNaN(quantile([], 0.5)));
});

Deno.test("madOutliers flags the clear outlier only", () => {
  assertEquals(madOutliers([10, 10.1, 9.9, 10, 30]), [4]);
  assertEquals(madOutliers([10, 10.1, 9.9, 10, 10.2]), []);
  assertEquals(madOutliers([5, 5, 5, 5]), []);
  assertEquals(madOutliers([]), []);
  assertEquals(madOutliers([1]), []);
  // A lower threshold flags more.
  assertEquals(madOutliers([10, 10.1, 9.9, 10, 10.4], 2), [4]);
});

Deno.test("madOutliers falls back to the mean absolute deviation when the MAD is 0", () => {
  // MAD 0, one far value: flagged.
  assertEquals(madOutliers([10, 10, 10, 10, 10, 10, 50]), [6]);
  // MAD 0 but the differing values are a large minority, not outliers.
  assertEquals(madOutliers([5, 5, 5, 6, 6]), []);
});

Deno.test("bootstrapMedianCi contains the median, stays within [min, max] and is reproducible", () => {
  const values = throughputs(1);
  const center = median(values);
  const interval = bootstrapMedianCi(values, { seed: 99 });
  assert(interval.low <= center && center <= interval.high, JSON.stringify(interval));
  assert(interval.low >= Math.min(...values) && interval.high <= Math.max(...values));
  assert(interval.low < interval.high);
  assertEquals(bootstrapMedianCi(values, { seed: 99 }), interval);
  assertNotEquals(bootstrapMedianCi(values, { seed: 100 }), interval);
  const narrower = bootstrapMedianCi(values, { seed: 99, confidence: 0.5 });
  assert(narrower.low >= interval.low && narrower.high <= interval.high);
});

Deno.test("bootstrapMedianCi equals a naive sort-every-resample bootstrap on the same stream", () => {
  const values = throughputs(2, 11).concat(throughputs(3, 10)); // odd and even halves mixed: n = 21
  for (const sample of [values, values.slice(0, 20)]) {
    const sorted = sample.slice().sort((a, b) => a - b);
    const random = seededRandom(5);
    const medians = Array.from({ length: 2000 }, () => {
      const resample = Array.from({ length: sorted.length }, () => sorted[Math.floor(random() * sorted.length)]);
      return median(resample);
    }).sort((a, b) => a - b);
    const expected = { low: quantile(medians, 0.025), high: quantile(medians, 0.975) };
    assertEquals(bootstrapMedianCi(sample, { seed: 5, resamples: 2000 }), expected);
  }
});

Deno.test("bootstrapMedianCi handles one value and rejects bad input", () => {
  assertEquals(bootstrapMedianCi([4.2], { seed: 1 }), { low: 4.2, high: 4.2 });
  assertThrowsRangeError(() => bootstrapMedianCi([], { seed: 1 }));
  assertThrowsRangeError(() => bootstrapMedianCi([1, 2], { seed: 1, confidence: 1 }));
  assertThrowsRangeError(() => bootstrapMedianCi([1, 2], { seed: 1, resamples: 0 }));
});

Deno.test("bootstrapMedianCi: 10000 resamples of 50 values well under 100 ms", () => {
  const values = throughputs(4);
  bootstrapMedianCi(values, { seed: 1 }); // warm up the JIT
  const started = performance.now();
  bootstrapMedianCi(values, { seed: 2 });
  const elapsedMilliseconds = performance.now() - started;
  assert(elapsedMilliseconds < 100, `took ${elapsedMilliseconds.toFixed(1)} ms`);
});

Deno.test("summarize and caseStats", () => {
  const summary = summarize([10.2, 10.4, 9.9, 10.1], 1234);
  assertEquals(summary.n, 4);
  assertClose(summary.median, 10.15);
  assertClose(summary.mean, 10.15);
  assertEquals(summary.min, 9.9);
  assertEquals(summary.max, 10.4);
  assertClose(summary.stddev, sampleStddev([10.2, 10.4, 9.9, 10.1]));
  assertClose(summary.cv, summary.stddev / summary.mean);
  assert(summary.ci95Low <= summary.median && summary.median <= summary.ci95High);
  assertEquals(summarize([10.2, 10.4, 9.9, 10.1], 1234), summary);
  assertThrowsRangeError(() => summarize([], 1));

  const single = summarize([3], 1);
  assertEquals(single, {
    n: 1,
    median: 3,
    mean: 3,
    stddev: 0,
    min: 3,
    max: 3,
    cv: 0,
    ci95Low: 3,
    ci95High: 3,
    ci95Coverage: 0,
    ci95Method: "none",
  });

  assertEquals(caseStats([], 1), null);
  const stats = caseStats([10, 10.1, 9.9, 10, 30], 1);
  assertEquals(stats?.outliers, [4]);
  assertEquals(stats?.throughputGibPerSecond.median, 10);
});

Deno.test("mannWhitneyU matches scipy's asymptotic method", () => {
  // scipy.stats.mannwhitneyu documentation example, method="asymptotic": U = 17, p = 0.11134688653314041.
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];
  const example = mannWhitneyU(males, females, "asymptotic");
  assertEquals(example.u, 17);
  assertClose(example.pValue, 0.11134688653314041, 1e-6);
  assertEquals(mannWhitneyU(females, males).u, 3); // U1 + U2 = n1 n2
  assertClose(mannWhitneyU(females, males, "asymptotic").pValue, example.pValue, 1e-12);

  // With ties, by hand: ranks 1, 3, 3, 5.5 → U = 2.5; σ² = 16/12 (9 − 30/56); scipy: p = 0.1366582477381475.
  const tied = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5]);
  assertEquals(tied.u, 2.5);
  assertClose(tied.pValue, 0.1366582477381475, 1e-6);
});

Deno.test("mannWhitneyU: exact for small samples without ties, as scipy's method='auto'", () => {
  // scipy.stats.mannwhitneyu(males, females) (auto → exact): U = 17, p = 0.1111111111111111 = 14/126.
  const exact = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
  assertEquals(exact.method, "exact");
  assertClose(exact.pValue, 14 / 126, 1e-12);
  assertEquals(mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5]).method, "asymptotic", "ties: the normal approximation");
  const many = Array.from({ length: 9 }, (_, i) => i);
  assertEquals(mannWhitneyU(many, many.map((v) => v + 0.5)).method, "asymptotic", "both sides above 8");
  // One sample above 40 others: the exact p is 2/41 < 0.05; the normal approximation never goes below 0.083.
  const forty = Array.from({ length: 40 }, (_, i) => i);
  assertClose(mannWhitneyU([100], forty).pValue, 2 / 41, 1e-12);
  assert(mannWhitneyU([100], forty, "asymptotic").pValue > 0.05);
  assertThrowsRangeError(() => mannWhitneyU([1, 1], [2], "exact"));
});

Deno.test("smallestPossiblePValue is 2 / C(n1 + n2, n1): which sample sizes can be significant at all", () => {
  const choose = (n: number, k: number) => {
    let result = 1;
    for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
    return result;
  };
  for (const [n1, n2] of [[1, 1], [1, 5], [2, 2], [3, 3], [3, 4], [4, 4], [3, 5], [2, 8], [5, 5], [1, 40]]) {
    assertClose(smallestPossiblePValue(n1, n2), 2 / choose(n1 + n2, n1), 1e-12);
  }
  assertClose(smallestPossiblePValue(1, 5), 1 / 3, 1e-12);
  assert(smallestPossiblePValue(3, 3) >= 0.05 && smallestPossiblePValue(3, 4) >= 0.05);
  assert(smallestPossiblePValue(4, 4) < 0.05 && smallestPossiblePValue(3, 5) < 0.05);
});

Deno.test("summarize at n ≤ 5: the CI of the median is the sample range, covering 1 − 2·0.5ⁿ, and says so", () => {
  const random = seededRandom(17);
  for (let n = 2; n <= 5; n++) {
    for (let trial = 0; trial < 20; trial++) {
      const values = Array.from({ length: n }, () => 10 + random());
      const summary = summarize(values, trial);
      assertEquals([summary.ci95Low, summary.ci95High], [summary.min, summary.max], `n = ${n}, trial ${trial}`);
      assertEquals(summary.ci95Coverage, medianRangeCoverage(n));
    }
  }
  // From n = 6 the range covers at least 95% (96.9%); the order statistics move inward from n = 9.
  const six = summarize([10, 10.1, 10.2, 10.3, 10.4, 10.5], 1);
  assertEquals([six.ci95Low, six.ci95High, six.ci95Coverage], [10, 10.5, 1 - 2 / 64]);
  const nine = summarize([1, 2, 3, 4, 5, 6, 7, 8, 9], 1);
  assertEquals([nine.ci95Low, nine.ci95High, nine.ci95Method], [2, 8, "order-statistic"]);
  assertEquals([5, 4, 3, 2, 1].map(medianRangeCoverage), [0.9375, 0.875, 0.75, 0.5, 0]);
});

Deno.test("mannWhitneyU: separated samples give p < 0.01, identical ones p ≈ 1", () => {
  const low = Array.from({ length: 10 }, (_, index) => index + 1);
  const high = low.map((value) => value + 10);
  const separated = mannWhitneyU(low, high);
  assertEquals(separated.u, 0);
  assert(separated.pValue < 0.01);
  assertClose(separated.pValue, 0.00018267179110955002, 1e-7); // scipy, asymptotic

  const same = mannWhitneyU(low, low);
  assertEquals(same.u, 50);
  assertClose(same.pValue, 1, 1e-12);
  assertEquals(mannWhitneyU([3, 3, 3], [3, 3]), { u: 3, pValue: 1, method: "asymptotic" });
  assertThrowsRangeError(() => mannWhitneyU([], [1]));
});

Deno.test("bootstrapRatioOfMediansCi brackets the ratio and is reproducible", () => {
  const base = throughputs(10, 30);
  const current = base.map((value) => value * 1.2);
  const result = bootstrapRatioOfMediansCi(base, current, { seed: 3, resamples: 5000 });
  assertClose(result.ratio, 1.2, 1e-12);
  assert(result.low <= result.ratio && result.ratio <= result.high, JSON.stringify(result));
  assert(result.low > 1, "a 20% speed-up over ±10% noise is significant");
  assertEquals(bootstrapRatioOfMediansCi(base, current, { seed: 3, resamples: 5000 }), result);
  assertNotEquals(bootstrapRatioOfMediansCi(base, current, { seed: 4, resamples: 5000 }), result);

  const noChange = bootstrapRatioOfMediansCi(base, throughputs(11, 30), { seed: 3 });
  assert(noChange.low < 1 && noChange.high > 1, JSON.stringify(noChange));
  assertThrowsRangeError(() => bootstrapRatioOfMediansCi([], [1], { seed: 1 }));
});
