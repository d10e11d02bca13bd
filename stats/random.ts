/**
 * Seeded randomness for run plans and resampling: a small deterministic generator and a shuffle.
 * Nothing here reads the clock or `Math.random`: the same seed always gives the same stream.
 *
 * @module
 */

/** A source of uniform random numbers in `[0, 1)`. */
export type RandomSource = () => number;

/**
 * A seeded pseudo-random generator: mulberry32 (Tommy Ettinger, public domain), 32 bits of state,
 * period 2³², good enough for shuffling and resampling and fast in V8. The seed is reduced to an
 * unsigned 32-bit integer (`seed >>> 0`), so seeds equal modulo 2³² give the same stream.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * const first = random(); // always the same for seed 42, in [0, 1)
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shuffled copy of `items` (Fisher–Yates); the input is left untouched.
 *
 * @example
 * ```ts
 * const order = shuffle([1, 2, 3, 4], seededRandom(7)); // same order for the same seed
 * ```
 */
export function shuffle<T>(items: readonly T[], random: RandomSource): T[] {
  const result = items.slice();
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const kept = result[index];
    result[index] = result[other];
    result[other] = kept;
  }
  return result;
}
