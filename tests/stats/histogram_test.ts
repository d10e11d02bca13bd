/**
 * The latency histogram: its percentiles within 1% of the exact ones (nearest rank) of generated
 * data spanning nine decades, exact maximum and mean, merge equal to recording both, the compact
 * form round trip, and no allocation per record.
 */
import { bucketIndex, bucketLow, bucketWidth, Histogram, MAX_TRACKABLE, nearestRank } from "../../stats/histogram.ts";
import { seededRandom } from "../../stats/random.ts";
import { assert, assertEquals } from "../helpers.ts";

const PERCENTS = [1, 10, 50, 90, 99, 99.9, 99.99, 99.999];

/** The exact nearest-rank percentile of sorted values. */
function exactPercentile(sorted: Float64Array, percent: number): number {
  return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1];
}

/** Whole numbers from a log-normal spread over ~9 decades, plus a few exact small values. */
function generated(seed: number, n: number): number[] {
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    values.push(Math.floor(Math.exp(9 + 3.2 * normal)));
  }
  return values;
}

Deno.test("histogram percentiles are within 1% of the exact ones, over nine decades of values", () => {
  for (const seed of [1, 2, 3]) {
    const values = generated(seed, 200_000);
    const histogram = new Histogram();
    for (const value of values) histogram.record(value);
    const sorted = Float64Array.from(values).sort();
    for (const percent of PERCENTS) {
      const exact = exactPercentile(sorted, percent);
      const got = histogram.percentile(percent);
      const error = Math.abs(got - exact) / Math.max(exact, 1);
      assert(error <= 0.01, `seed ${seed}, p${percent}: ${got} vs exact ${exact} (${(error * 100).toFixed(3)}%)`);
    }
    assertEquals(histogram.max(), sorted[sorted.length - 1]);
    assertEquals(histogram.percentile(100), sorted[sorted.length - 1]);
    assertEquals(histogram.count(), values.length);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    assert(Math.abs(histogram.mean() - mean) <= 1e-9 * mean, `mean ${histogram.mean()} vs ${mean}`);
  }
});

Deno.test("histogram buckets tile the range, none wider than 1/128 of its lower bound", () => {
  let expectedLow = 0;
  for (let index = 0; bucketLow(index) <= MAX_TRACKABLE && index < 5_000; index++) {
    assertEquals(bucketLow(index), expectedLow, `bucket ${index}`);
    assert(bucketWidth(index) <= Math.max(1, bucketLow(index) / 128), `bucket ${index} too wide`);
    assertEquals(bucketIndex(bucketLow(index)), index);
    assertEquals(bucketIndex(bucketLow(index) + bucketWidth(index) - 1), index);
    expectedLow += bucketWidth(index);
  }
  // Powers of two and their neighbours, where floor(log2) is easy to get wrong.
  for (let k = 8; k < 44; k++) {
    assertEquals(bucketIndex(2 ** k) - bucketIndex(2 ** k - 1), 1, `around 2^${k}`);
  }
});

Deno.test("histogram merge equals recording both; the compact form round-trips", () => {
  const a = new Histogram();
  const b = new Histogram();
  const both = new Histogram();
  generated(7, 10_000).forEach((v, i) => {
    (i % 2 === 0 ? a : b).record(v);
    both.record(v);
  });
  a.merge(b);
  assertEquals(a.toCompact(), both.toCompact());
  const copy = Histogram.fromCompact(JSON.parse(JSON.stringify(both.toCompact())));
  for (const percent of PERCENTS) assertEquals(copy.percentile(percent), both.percentile(percent));
  assertEquals(copy.max(), both.max());
  assertEquals(copy.mean(), both.mean());
});

Deno.test("histogram refuses a compact form of another layout or with an impossible bucket", () => {
  for (
    const bad of [{ subBucketBits: 5, buckets: [], max: 0, sum: 0 }, {
      subBucketBits: 7,
      buckets: [[1e9, 1]] as [number, number][],
      max: 0,
      sum: 0,
    }]
  ) {
    let threw = false;
    try {
      Histogram.fromCompact(bad);
    } catch (error) {
      threw = error instanceof RangeError;
    }
    assert(threw, JSON.stringify(bad));
  }
});

Deno.test("histogram edge values: empty, zero, negative, past the range", () => {
  const histogram = new Histogram();
  assert(Number.isNaN(histogram.percentile(50)));
  assert(Number.isNaN(histogram.mean()));
  histogram.record(0);
  histogram.record(-5);
  histogram.record(MAX_TRACKABLE * 4);
  assertEquals(histogram.count(), 3);
  assertEquals(histogram.percentile(50), 0);
  assertEquals(histogram.max(), MAX_TRACKABLE);
});

Deno.test("histogram record allocates nothing per call", () => {
  const histogram = new Histogram();
  const record = (n: number) => {
    for (let i = 0; i < n; i++) histogram.record(1_000 + (i % 5_000_000) * 997);
  };
  record(200_000); // tier up
  const memory = () => Deno.memoryUsage().heapUsed;
  const before = memory();
  record(2_000_000);
  const grown = memory() - before;
  // A heap number per call would be 32 MB; a few kB of noise from the test runner is not that.
  assert(grown < 1_000_000, `heap grew ${grown} bytes over 2e6 records`);
});

Deno.test("histogram p99.9 of 1000 values is the 999th, not the maximum (exact rank, no float rounding up)", () => {
  const histogram = new Histogram();
  for (let i = 0; i < 999; i++) histogram.record(10);
  histogram.record(1000);
  assertEquals(histogram.percentile(99.9), 10);
  assertEquals(histogram.percentile(100), 1000);
  // Every count where the float product lands a hair above a whole rank: ranks in exact arithmetic.
  for (const count of [1000, 10_000, 20_000, 100_000, 1_000_000]) {
    for (const [percent, tenThousandths] of [[50, 5000], [90, 9000], [99, 9900], [99.9, 9990], [99.99, 9999]]) {
      const exact = Math.max(1, Math.ceil((tenThousandths * count) / 10_000));
      assertEquals(nearestRank(percent, count), exact, `rank of p${percent} among ${count}`);
    }
  }
  assertEquals(nearestRank(99.99, 10_000), 9999);
  assertEquals(nearestRank(99.99, 9_999), 9999, "the maximum: too few values for p99.99");
  assertEquals(nearestRank(50, 1), 1);
  assertEquals(nearestRank(12.5, 8), 1);
  assertEquals(nearestRank(33.333, 3), 1);
});
