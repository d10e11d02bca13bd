/**
 * A high-dynamic-range histogram of whole numbers (nanoseconds, in pipespeed's use), in the manner
 * of HdrHistogram: log-linear buckets, exact below 2^{@linkcode SUB_BUCKET_BITS}, then each power
 * of two split in 2^{@linkcode SUB_BUCKET_BITS} equal buckets, so a bucket is never wider than
 * 1/128 of its lower bound. A percentile is reported as its bucket's midpoint, within 0.4% of the
 * exact value (the test checks ≤ 1% against exact percentiles of generated data).
 *
 * `record` allocates nothing (one typed array, sized once) so that it can sit in a timed loop;
 * `merge` adds another histogram's counts; `toCompact`/`fromCompact` give the sparse form an
 * endpoint prints in its result line and results.json keeps.
 *
 * Pure (no I/O): the latency endpoints (bench/endpoint/) record into it, the runner summarizes it.
 *
 * @module
 */

/** Sub-buckets per power of two, as bits: 2^7 = 128, a relative bucket width of at most 1/128. */
export const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 2 ** SUB_BUCKET_BITS;

/** The largest value a histogram holds: 2^44 ns is about 4.9 hours. Larger values are clamped. */
export const MAX_TRACKABLE = 2 ** 44 - 1;

/** Magnitudes above the exact range: floor(log2 v) from SUB_BUCKET_BITS to 43. */
const BUCKET_COUNT = (44 - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;

/**
 * The nearest rank (1-based) of `percent` among `count` values: the smallest rank whose cumulative
 * share reaches `percent`, ceil(percent · count / 100), at least 1. In exact arithmetic: in floats
 * 99.9 / 100 · 1000 is 999.0000000000001, which would take rank 1000 (the maximum) for p99.9. The
 * percent is read as the decimal it was written as (up to 9 decimals), then the ceiling is taken
 * over integers.
 */
export function nearestRank(percent: number, count: number): number {
  let scale = 1;
  while (scale < 1e9 && Math.abs(percent * scale - Math.round(percent * scale)) > 1e-6) scale *= 10;
  const numerator = BigInt(Math.round(percent * scale)) * BigInt(Math.round(count));
  const denominator = BigInt(100 * scale);
  const rank = numerator / denominator + (numerator % denominator === 0n ? 0n : 1n);
  return Math.max(1, Number(rank));
}

/** The sparse form of a histogram: `[bucket index, count]` pairs of its non-empty buckets. */
export interface CompactHistogram {
  /** The bucket layout (`SUB_BUCKET_BITS`), so that another layout is refused, not misread. */
  subBucketBits: number;
  /** Non-empty buckets, ascending: `[index, count]`. */
  buckets: [number, number][];
  /** The exact largest value recorded (0 when empty). */
  max: number;
  /** The exact sum of the values recorded (for the mean). */
  sum: number;
}

/** The index of the bucket of `value` (a whole number, 0 ≤ value ≤ {@linkcode MAX_TRACKABLE}). */
export function bucketIndex(value: number): number {
  if (value < SUB_BUCKETS) return value;
  // floor(log2 value), exact for whole numbers up to 2^53 (no Math.log2 rounding at 2^k − 1).
  const high = Math.floor(value / 0x1_0000_0000);
  const magnitude = high > 0 ? 63 - Math.clz32(high) : 31 - Math.clz32(value);
  const shift = magnitude - SUB_BUCKET_BITS;
  const mantissa = Math.floor(value / 2 ** shift); // in [2^S, 2^(S+1))
  return (shift + 1) * SUB_BUCKETS + (mantissa - SUB_BUCKETS);
}

/** The smallest value of bucket `index`. */
export function bucketLow(index: number): number {
  if (index < SUB_BUCKETS) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const mantissa = SUB_BUCKETS + (index % SUB_BUCKETS);
  return mantissa * 2 ** shift;
}

/** How many values bucket `index` holds (1 in the exact range, then 2^shift). */
export function bucketWidth(index: number): number {
  return index < SUB_BUCKETS ? 1 : 2 ** (Math.floor(index / SUB_BUCKETS) - 1);
}

/** The value a bucket stands for: exact below 128, else its midpoint. */
function bucketValue(index: number): number {
  const width = bucketWidth(index);
  return width === 1 ? index : bucketLow(index) + (width - 1) / 2;
}

/**
 * A log-linear histogram of whole, non-negative numbers.
 *
 * @example
 * ```ts
 * const histogram = new Histogram();
 * for (const ns of [900, 1_000, 1_100, 250_000]) histogram.record(ns);
 * histogram.percentile(50); // ≈ 1_000
 * histogram.max(); // 250_000
 * ```
 */
export class Histogram {
  /** Counts per bucket (Float64: exact to 2^53 and no overflow at 2^32). */
  readonly #counts = new Float64Array(BUCKET_COUNT);
  /** count, sum, max, in one typed array so that `record` makes no heap number. */
  readonly #totals = new Float64Array(3);

  /** Records one value (rounded down to a whole number; negative counts as 0, past the range clamped). */
  record(value: number): void {
    let v = Math.floor(value);
    if (!(v > 0)) v = 0; // also NaN
    if (v > MAX_TRACKABLE) v = MAX_TRACKABLE;
    this.#counts[bucketIndex(v)] += 1;
    const totals = this.#totals;
    totals[0] += 1;
    totals[1] += v;
    if (v > totals[2]) totals[2] = v;
  }

  /** Values recorded. */
  count(): number {
    return this.#totals[0];
  }

  /** The exact largest value recorded (0 when empty). */
  max(): number {
    return this.#totals[2];
  }

  /** The exact mean of the values recorded (`NaN` when empty). */
  mean(): number {
    return this.#totals[0] === 0 ? NaN : this.#totals[1] / this.#totals[0];
  }

  /**
   * The value below or at which `percent`% of the values lie (0 < percent ≤ 100), as its bucket's
   * midpoint (never above the exact maximum); `NaN` when empty. `percentile(100)` is the maximum.
   */
  percentile(percent: number): number {
    const total = this.#totals[0];
    if (total === 0) return NaN;
    if (percent >= 100) return this.#totals[2];
    const rank = nearestRank(percent, total);
    let seen = 0;
    for (let index = 0; index < BUCKET_COUNT; index++) {
      seen += this.#counts[index];
      if (seen >= rank) return Math.min(bucketValue(index), this.#totals[2]);
    }
    return this.#totals[2];
  }

  /** Adds every value of `other` (or of its compact form) to this histogram. */
  merge(other: Histogram | CompactHistogram): void {
    const compact = other instanceof Histogram ? other.toCompact() : other;
    checkLayout(compact);
    let count = 0;
    for (const [index, n] of compact.buckets) {
      this.#counts[index] += n;
      count += n;
    }
    this.#totals[0] += count;
    this.#totals[1] += compact.sum;
    if (compact.max > this.#totals[2]) this.#totals[2] = compact.max;
  }

  /** Forgets every value (the arrays are kept: no allocation). */
  reset(): void {
    this.#counts.fill(0);
    this.#totals.fill(0);
  }

  /** The sparse form: the non-empty buckets, the exact maximum and sum. */
  toCompact(): CompactHistogram {
    const buckets: [number, number][] = [];
    for (let index = 0; index < BUCKET_COUNT; index++) {
      if (this.#counts[index] > 0) buckets.push([index, this.#counts[index]]);
    }
    return { subBucketBits: SUB_BUCKET_BITS, buckets, max: this.#totals[2], sum: this.#totals[1] };
  }

  /**
   * A histogram from its sparse form.
   *
   * @throws {RangeError} for another bucket layout, or a bucket index or count that cannot be.
   */
  static fromCompact(compact: CompactHistogram): Histogram {
    const histogram = new Histogram();
    histogram.merge(compact);
    return histogram;
  }
}

/** Refuses a compact form this layout cannot read (another layout, an index out of range, a bad count). */
function checkLayout(compact: CompactHistogram): void {
  if (compact.subBucketBits !== SUB_BUCKET_BITS) {
    throw new RangeError(`histogram of ${compact.subBucketBits} sub-bucket bits; this one reads ${SUB_BUCKET_BITS}`);
  }
  for (const [index, n] of compact.buckets) {
    if (!Number.isInteger(index) || index < 0 || index >= BUCKET_COUNT || !Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`histogram bucket [${index}, ${n}] is not a bucket of this layout`);
    }
  }
}
