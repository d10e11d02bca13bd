/**
 * `--trace-fast-path` for the latency endpoints (roundtrip.ts, oneway.ts): which messages went
 * through V8's fast FFI path (ffi/fastpath.ts). A stream loop is judged per stretch, by its last
 * call; a message loop also reads the clock (`clock_gettime`, an FFI call too) between its
 * transfers, so each transfer call is checked right after it returns: a message counts as fast
 * when every one of its transfer calls was. The check is a diagnostic: it costs time per message.
 *
 * @module
 */
import { fastCallProbe } from "../../ffi/fastpath.ts";

/**
 * Whether the last FFI call since the previous check went through the fast path as `symbol`
 * (ffi/transfer.ts `LOOP_SYMBOLS`); `null` when not tracing (or a Deno that keeps no record).
 */
export type CallCheck = (symbol: string) => boolean;

/** The check of a traced endpoint, `null` when `enabled` is false. */
export function callCheck(enabled: boolean | undefined): CallCheck | null {
  const probe = enabled ? fastCallProbe() : null;
  if (probe === null) return null;
  probe(); // clear what the set-up left
  return (symbol) => probe() === symbol;
}
