/**
 * The timing rule every calibration probe follows: a warm-up batch (V8 optimizes the loop, the
 * caches fill), then several measured batches on the FFI clock; the fastest batch is the probe's
 * value, as in `perf bench` and lmbench, because on a shared machine the slower batches measure the
 * neighbours.
 *
 * @module
 */
import { monotonicSeconds } from "../../ffi/cpu.ts";

/** Measured batches per probe. */
export const BATCHES = 5;

/**
 * Seconds per iteration of `body` (which runs `iterations` iterations per call): the fastest of
 * {@link BATCHES} timed calls after one untimed call.
 */
export function fastestPerIteration(body: (iterations: number) => void, iterations: number): number {
  body(iterations);
  let best = Infinity;
  for (let batch = 0; batch < BATCHES; batch++) {
    const start = monotonicSeconds();
    body(iterations);
    best = Math.min(best, monotonicSeconds() - start);
  }
  return best / iterations;
}
