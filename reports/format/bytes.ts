/**
 * Byte counts for people, in binary units: compact in reports and charts (`256KiB`), spaced in
 * the terminal's system description (`7.8 GiB`), and file sizes in the writer's log (`3.6 MB`).
 * The three styles are kept because each appears in an output that must not change.
 *
 * @module
 */
import { KIB_BYTES, MIB_BYTES } from "../../model/sizes.ts";

/** Binary units, each 1024 times the one before. */
const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** `bytes` scaled down by 1024 while it is at least 1024 (in absolute value), with its unit index. */
function scaled(bytes: number): { value: number; unit: number } {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= KIB_BYTES && unit < UNITS.length - 1) {
    value /= KIB_BYTES;
    unit++;
  }
  return { value, unit };
}

/**
 * A byte count in binary units, without a space, rounded to three significant digits at most:
 * `4KiB`, `1.5MiB`, `8MiB`. The style of reports and chart ticks.
 *
 * @example
 * ```ts
 * formatBytes(262144); // "256KiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  const { value, unit } = scaled(bytes);
  const digits = Number.isInteger(value) ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${Number(value.toFixed(digits))}${UNITS[unit]}`;
}

/**
 * A byte count in binary units with a space and one decimal, `bytes` below a KiB: `7.8 GiB`,
 * `512 bytes`. The style of `pipespeed sysinfo`.
 *
 * @example
 * ```ts
 * formatBytesSpaced(8 * 1024 ** 3); // "8 GiB"
 * ```
 */
export function formatBytesSpaced(bytes: number): string {
  const { value, unit } = scaled(bytes);
  return unit === 0 ? `${value} bytes` : `${Number.isInteger(value) ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * The size of a written file for the log line: `3.6 MB` from a MiB up, else whole `KB` rounded up.
 *
 * @example
 * ```ts
 * formatFileSize(3_800_000); // "3.6 MB"
 * ```
 */
export function formatFileSize(bytes: number): string {
  return bytes >= MIB_BYTES ? `${(bytes / MIB_BYTES).toFixed(1)} MB` : `${Math.ceil(bytes / KIB_BYTES)} KB`;
}
