/**
 * `CLOCK_MONOTONIC` in whole nanoseconds as a plain number, for timing each round trip of a
 * latency case: `clock_gettime` through the one libc table (glibc answers it from the vDSO, no
 * syscall), the `timespec` read through 32-bit words so that no `bigint` is made per reading
 * (`monotonicSeconds` in cpu.ts reads a `BigInt64Array`, fine once per run, not per message).
 * Nanoseconds since boot stay far below 2^53 (104 days is 2^53 ns), so the sum is exact.
 *
 * @module
 */
import { CLOCK_MONOTONIC } from "./constants.ts";
import { libc } from "./libc.ts";

/**
 * A reader of the monotonic clock in nanoseconds; each call allocates nothing.
 *
 * @example
 * ```ts
 * const now = monotonicNanosecondsClock();
 * const start = now();
 * const elapsed = now() - start; // ns
 * ```
 */
export function monotonicNanosecondsClock(): () => number {
  const clockGettime = libc().clock_gettime;
  // struct timespec { time_t tv_sec; long tv_nsec; }: four 32-bit words, little-endian (x86-64, arm64).
  const words = new Uint32Array(4);
  const bytes = new Uint8Array(words.buffer);
  return () => {
    clockGettime(CLOCK_MONOTONIC, bytes);
    return (words[0] + words[1] * 0x1_0000_0000) * 1e9 + words[2];
  };
}
