/**
 * The kernel-semantics probe (ffi/semantics.ts) as the machine description stores it:
 * `system.kernelSemantics`, present when the probe could run (it needs `--allow-ffi`).
 *
 * @module
 */
import { probeKernelSemantics } from "../ffi/semantics.ts";
import type { KernelSemantics } from "../model/semantics.ts";

/**
 * `{ kernelSemantics }` from the probe, or `{}` without FFI (the field is optional in results).
 * Never throws: a failed probe is a `null` field with its reason in `problems`.
 *
 * @example
 * ```ts
 * const system = { ...facts, ...kernelSemanticsOrNull(true) };
 * ```
 */
export function kernelSemanticsOrNull(ffiGranted: boolean): { kernelSemantics?: KernelSemantics } {
  if (!ffiGranted) return {};
  try {
    return { kernelSemantics: probeKernelSemantics() };
  } catch {
    return {};
  }
}
