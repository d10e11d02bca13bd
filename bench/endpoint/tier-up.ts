/**
 * Warming a hot loop up to V8's optimized tier before the clock starts. V8 takes fast FFI calls
 * only from TurboFan code (ffi/fastpath.ts); left to its own counters, it optimized a blocking
 * vmsplice loop only after some 100–500 MiB, so a quarter to a half of a 1 GiB measured window ran
 * through the generic binding, each call ~130 ns slower. On a pipe whose two sides sleep on every
 * full or empty pipe, that time between calls is enough to change how often they sleep (the
 * finding is in docs/native-comparison.md), and the slower tier showed as a gap to C.
 *
 * So the warm-up is taken in {@link WARMUP_PIECES} pieces and, after the first pieces have given
 * V8 its type feedback, the loop function is optimized synchronously by V8's own test intrinsics
 * (`%PrepareFunctionForOptimization`, `%OptimizeFunctionOnNextCall`; the endpoints run with
 * `--allow-natives-syntax`). Optimized code belongs to the function literal, so every loop the
 * same factory returns shares it. A branch the warm-up never took (a busy loop that met no full pipe
 * yet) sends the code back to the interpreter the first time it is taken; {@link keepOptimized},
 * called between the measured stretches, has it optimized again at once (a no-op while the code
 * stands), instead of after V8's counters run out again. Without the flag (a Deno that refuses it), the pieces still run
 * and V8's counters decide, as before; `run --trace-fast-path` shows which happened.
 *
 * @module
 */

/** How many pieces the warm-up is cut into (the loop function is entered at least this often). */
export const WARMUP_PIECES = 8;

/** The piece before which the loop function is optimized: earlier pieces collect type feedback. */
const OPTIMIZE_BEFORE_PIECE = 5;

/** A function V8 can be asked to optimize. */
// deno-lint-ignore no-explicit-any
type Hot = (...args: any[]) => unknown;

interface Intrinsics {
  prepare: (f: Hot) => void;
  optimizeOnNextCall: (f: Hot) => void;
}

let intrinsics: Intrinsics | null | undefined;

/** V8's intrinsics, or `null` when this process was started without `--allow-natives-syntax`. */
function v8Intrinsics(): Intrinsics | null {
  if (intrinsics !== undefined) return intrinsics;
  try {
    // The `%` syntax exists only with --allow-natives-syntax: compiled at run time, so that
    // without it this is a SyntaxError caught here instead of a module that fails to load.
    intrinsics = {
      prepare: new Function("f", "%PrepareFunctionForOptimization(f)") as (f: Hot) => void,
      optimizeOnNextCall: new Function("f", "%OptimizeFunctionOnNextCall(f)") as (f: Hot) => void,
    };
  } catch {
    intrinsics = null;
  }
  return intrinsics;
}

/** Whether {@link warmUp} can have the loop optimized in this process. */
export function canOptimizeLoops(): boolean {
  return v8Intrinsics() !== null;
}

/**
 * Runs the warm-up of a loop: `advanceTo(target)` moves bytes until `target` bytes were moved in
 * all and returns the total moved (less only when the other side went away, which ends the
 * warm-up early); `hot` is the loop function that `advanceTo` calls, optimized half-way.
 * Returns the bytes moved.
 *
 * @example
 * ```ts ignore
 * const warmed = warmUp(loop.consume, config.warmupBytes, (target) => (done += loop.consume(target - done)));
 * ```
 */
export function warmUp(hot: Hot, bytes: number, advanceTo: (target: number) => number): number {
  const v8 = v8Intrinsics();
  v8?.prepare(hot);
  let moved = 0;
  for (let piece = 1; piece <= WARMUP_PIECES; piece++) {
    if (piece === OPTIMIZE_BEFORE_PIECE) v8?.optimizeOnNextCall(hot);
    const target = Math.ceil(bytes * piece / WARMUP_PIECES);
    moved = advanceTo(target);
    if (moved < target) break;
  }
  return moved;
}

/**
 * Between measured stretches: if `hot` lost its optimized code (a deoptimization), optimize it
 * again on its next call; a no-op while its optimized code stands.
 */
export function keepOptimized(hot: Hot): void {
  v8Intrinsics()?.optimizeOnNextCall(hot);
}
