/**
 * Sizes and durations as people write them in scenario files (`256KiB`, `1.5GiB`, `500ms`), parsed
 * exactly into bytes and seconds, and formatted back so that `parseSize(formatSize(n)) === n`.
 *
 * @example
 * ```ts
 * import { formatSize, parseDuration, parseSize } from "./sizes.ts";
 *
 * parseSize("256KiB"); // 262144
 * parseDuration("500ms"); // 0.5
 * formatSize(1.5 * 2 ** 30); // "1.5GiB"
 * ```
 *
 * @module
 */

/** Bytes in a KiB (2^10). */
export const KIB_BYTES = 1024;
/** Bytes in a MiB (2^20). */
export const MIB_BYTES = 1024 ** 2;
/** Bytes in a GiB (2^30). */
export const GIB_BYTES = 1024 ** 3;
/** Bytes in a TiB (2^40). */
export const TIB_BYTES = 1024 ** 4;

/**
 * Bytes a reader consumes untimed before its measurement, so the JIT has compiled the hot loops
 * and the buffers' pages are faulted in (`--warmup-bytes` changes it).
 */
export const DEFAULT_WARMUP_BYTES: number = 32 * MIB_BYTES;

/** The largest size accepted for anything of one run: a typo could otherwise blow the machine up. */
export const MAX_SIZE_BYTES: number = TIB_BYTES;
/** The longest duration accepted for one run, in seconds (one hour). */
export const MAX_DURATION_SECONDS = 3600;
/** The largest number of repetitions (or warm-up runs) accepted for one case. */
export const MAX_REPETITIONS = 10_000;

/** The size forms `parseSize` accepts, for error messages. */
export const ACCEPTED_SIZE_FORMS =
  "a whole number of bytes (4096) or a number with a unit: KiB, MiB, GiB, TiB (powers of 1024, e.g. 64KiB, 1.5GiB) " +
  "or KB, MB, GB, TB (powers of 1000)";

/** The duration forms `parseDuration` accepts, for error messages. */
export const ACCEPTED_DURATION_FORMS =
  "a number of seconds (2, 1.5) or a number with a unit: ns, us, ms, s, m (minutes), h (e.g. 500ms, 1.5s, 1m)";

/** JSON-Schema pattern of a size string (the runtime check is `parseSize`). */
export const SIZE_PATTERN = "^\\s*[0-9]+(\\.[0-9]+)?\\s*([KkMmGgTt][Ii]?[Bb]|[Bb])?\\s*$";

/** JSON-Schema pattern of a duration string (the runtime check is `parseDuration`). */
export const DURATION_PATTERN = "^\\s*[0-9]+(\\.[0-9]+)?\\s*(ns|us|µs|ms|s|m|min|h)?\\s*$";

const SIZE_UNITS: ReadonlyMap<string, bigint> = new Map([
  ["", 1n],
  ["b", 1n],
  ["kib", 1024n],
  ["mib", 1024n ** 2n],
  ["gib", 1024n ** 3n],
  ["tib", 1024n ** 4n],
  ["kb", 1000n],
  ["mb", 1000n ** 2n],
  ["gb", 1000n ** 3n],
  ["tb", 1000n ** 4n],
]);

/** Ambiguous one-letter units and what they most likely meant. */
const SIZE_UNIT_HINTS: ReadonlyMap<string, string> = new Map([
  ["k", "KiB"],
  ["m", "MiB"],
  ["g", "GiB"],
  ["t", "TiB"],
  ["ki", "KiB"],
  ["mi", "MiB"],
  ["gi", "GiB"],
  ["ti", "TiB"],
]);

/** Seconds per unit; sub-second units are divisors so that `250us` is exactly `250 / 1e6`. */
const DURATION_UNITS: ReadonlyMap<string, { multiply: number } | { divide: number }> = new Map([
  ["", { multiply: 1 }],
  ["s", { multiply: 1 }],
  ["sec", { multiply: 1 }],
  ["m", { multiply: 60 }],
  ["min", { multiply: 60 }],
  ["h", { multiply: 3600 }],
  ["ms", { divide: 1e3 }],
  ["us", { divide: 1e6 }],
  ["µs", { divide: 1e6 }],
  ["μs", { divide: 1e6 }],
  ["ns", { divide: 1e9 }],
]);

const NUMBER_WITH_UNIT = /^\s*(-?)\s*([0-9]*\.?[0-9]*)\s*([^\s0-9.]*)\s*$/;
const MAX_NUMBER_CHARACTERS = 30;

/** What one size or duration string is made of. */
interface NumberWithUnit {
  negative: boolean;
  digits: string;
  unit: string;
}

function splitNumberWithUnit(text: string): NumberWithUnit | null {
  const match = NUMBER_WITH_UNIT.exec(text);
  if (match === null || !/[0-9]/.test(match[2]) || match[2].length > MAX_NUMBER_CHARACTERS) return null;
  if (match[2].startsWith(".") || match[2].endsWith(".")) return null;
  return { negative: match[1] === "-", digits: match[2], unit: match[3] };
}

function quote(value: string | number): string {
  const text = String(value);
  return "`" + (text.length > 40 ? text.slice(0, 40) + "…" : text) + "`";
}

/** The exact value of a decimal string times a unit, as a fraction numerator / denominator. */
function decimalTimes(digits: string, unitBytes: bigint): { numerator: bigint; denominator: bigint } {
  const [whole, fraction = ""] = digits.split(".");
  const numerator = BigInt(whole + fraction) * unitBytes;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

function checkSizeBounds(bytes: number, shown: string, maxBytes: number): number {
  if (bytes > maxBytes) {
    throw new RangeError(
      `${quote(shown)} is above the ${formatSize(maxBytes)} limit per run (a typo could blow this up)`,
    );
  }
  return bytes;
}

/** Options of {@linkcode parseSize}. */
export interface ParseSizeOptions {
  /** Largest accepted value in bytes (default {@linkcode MAX_SIZE_BYTES}, 1 TiB). */
  maxBytes?: number;
}

/**
 * Parses a size into bytes: a whole number of bytes (`4096`), or a number with a binary unit
 * (`KiB`, `MiB`, `GiB`, `TiB`: powers of 1024) or a decimal one (`KB`, `MB`, `GB`, `TB`: powers of
 * 1000). Fractions are fine when the result is a whole number of bytes (`1.5GiB`). Units are
 * case-insensitive; bare `K`/`M`/`G` are rejected as ambiguous.
 *
 * @throws {RangeError} on negative, fractional-byte, empty, unknown-unit or above-limit values, with
 * a message that says which forms are accepted.
 *
 * @example
 * ```ts
 * parseSize("64KiB"); // 65536
 * parseSize("1.5GiB"); // 1610612736
 * parseSize("2MB"); // 2000000
 * parseSize(4096); // 4096
 * ```
 */
export function parseSize(value: string | number, options: ParseSizeOptions = {}): number {
  const maxBytes = options.maxBytes ?? MAX_SIZE_BYTES;
  if (typeof value === "number") return checkSizeNumber(value, maxBytes);
  if (typeof value !== "string") throw new TypeError(`a size must be a string or a number; ${ACCEPTED_SIZE_FORMS}`);
  if (value.trim() === "") throw new RangeError(`a size cannot be empty; write ${ACCEPTED_SIZE_FORMS}`);
  const parts = splitNumberWithUnit(value);
  if (parts === null) throw new RangeError(`${quote(value)} is not a size; write ${ACCEPTED_SIZE_FORMS}`);
  const unitBytes = SIZE_UNITS.get(parts.unit.toLowerCase());
  if (unitBytes === undefined) throw new RangeError(unknownSizeUnitMessage(value, parts));
  if (parts.negative) throw new RangeError(`a size cannot be negative (${quote(value)})`);
  const { numerator, denominator } = decimalTimes(parts.digits, unitBytes);
  const limit = BigInt(Math.min(Math.floor(maxBytes), Number.MAX_SAFE_INTEGER));
  if (numerator > limit * denominator) checkSizeBounds(Infinity, value, maxBytes);
  if (numerator % denominator !== 0n) {
    const bytes = Number(numerator) / Number(denominator);
    throw new RangeError(`${quote(value)} is ${bytes} bytes: a size must be a whole number of bytes`);
  }
  return Number(numerator / denominator);
}

function checkSizeNumber(value: number, maxBytes: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a size; write ${ACCEPTED_SIZE_FORMS}`);
  if (value < 0) throw new RangeError(`a size cannot be negative (${value})`);
  if (!Number.isInteger(value)) {
    throw new RangeError(`${value} bytes is not a whole number of bytes; write ${ACCEPTED_SIZE_FORMS}`);
  }
  return checkSizeBounds(value, String(value), maxBytes);
}

function unknownSizeUnitMessage(value: string, parts: NumberWithUnit): string {
  const hint = SIZE_UNIT_HINTS.get(parts.unit.toLowerCase());
  const suggestion = hint === undefined ? "" : ` (did you mean ${quote(parts.digits + hint)}?)`;
  return `unknown size unit ${quote(parts.unit)} in ${quote(value)}${suggestion}; write ${ACCEPTED_SIZE_FORMS}`;
}

/**
 * Parses a duration into seconds: a bare number is seconds (`2`, `1.5`), or a number with a unit
 * `ns`, `us` (or `µs`), `ms`, `s`, `m` (or `min`), `h`.
 *
 * @throws {RangeError} on negative, empty, unknown-unit or above-one-hour values.
 *
 * @example
 * ```ts
 * parseDuration("500ms"); // 0.5
 * parseDuration("1m"); // 60
 * parseDuration(2); // 2
 * ```
 */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") return checkDurationNumber(value, String(value));
  if (typeof value !== "string") {
    throw new TypeError(`a duration must be a string or a number; write ${ACCEPTED_DURATION_FORMS}`);
  }
  if (value.trim() === "") throw new RangeError(`a duration cannot be empty; write ${ACCEPTED_DURATION_FORMS}`);
  const parts = splitNumberWithUnit(value);
  if (parts === null) throw new RangeError(`${quote(value)} is not a duration; write ${ACCEPTED_DURATION_FORMS}`);
  const unit = DURATION_UNITS.get(parts.unit.toLowerCase());
  if (unit === undefined) {
    throw new RangeError(
      `unknown duration unit ${quote(parts.unit)} in ${quote(value)}; write ${ACCEPTED_DURATION_FORMS}`,
    );
  }
  if (parts.negative) throw new RangeError(`a duration cannot be negative (${quote(value)})`);
  const amount = Number(parts.digits);
  const seconds = "multiply" in unit ? amount * unit.multiply : amount / unit.divide;
  return checkDurationNumber(seconds, value);
}

function checkDurationNumber(seconds: number, shown: string): number {
  if (!Number.isFinite(seconds)) throw new RangeError(`${quote(shown)} is not a duration`);
  if (seconds < 0) throw new RangeError(`a duration cannot be negative (${quote(shown)})`);
  if (seconds > MAX_DURATION_SECONDS) {
    throw new RangeError(
      `${quote(shown)} is above the ${formatDuration(MAX_DURATION_SECONDS)} limit per run (a typo could blow this up)`,
    );
  }
  return seconds;
}

const BINARY_SIZE_UNITS: readonly (readonly [string, number])[] = [
  ["TiB", TIB_BYTES],
  ["GiB", GIB_BYTES],
  ["MiB", MIB_BYTES],
  ["KiB", KIB_BYTES],
];

const DECIMAL_SIZE_UNITS: readonly (readonly [string, number])[] = [
  ["TB", 1e12],
  ["GB", 1e9],
  ["MB", 1e6],
  ["KB", 1e3],
];

/**
 * Formats bytes exactly and briefly: the largest binary unit that gives at most two decimals
 * (`256KiB`, `1.5GiB`), else an exact decimal unit (`1MB`), else bytes (`1234B`). The result
 * always parses back to the same number with {@linkcode parseSize}.
 *
 * @example
 * ```ts
 * formatSize(262144); // "256KiB"
 * formatSize(1610612736); // "1.5GiB"
 * formatSize(1000); // "1KB"
 * formatSize(4095); // "4095B"
 * ```
 */
export function formatSize(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`not a size in bytes: ${bytes}`);
  for (const [unit, unitBytes] of BINARY_SIZE_UNITS) {
    if (bytes >= unitBytes && ((bytes % unitBytes) * 100) % unitBytes === 0) return `${bytes / unitBytes}${unit}`;
  }
  for (const [unit, unitBytes] of DECIMAL_SIZE_UNITS) {
    if (bytes >= unitBytes && bytes % unitBytes === 0) return `${bytes / unitBytes}${unit}`;
  }
  return `${bytes}B`;
}

const DURATION_FORMATS: readonly { unit: string; seconds: number; decimals: number }[] = [
  { unit: "h", seconds: 3600, decimals: 0 },
  { unit: "m", seconds: 60, decimals: 0 },
  { unit: "s", seconds: 1, decimals: 3 },
  { unit: "ms", seconds: 1e-3, decimals: 3 },
  { unit: "us", seconds: 1e-6, decimals: 3 },
  { unit: "ns", seconds: 1e-9, decimals: 3 },
];

/**
 * Formats seconds briefly: whole hours or minutes (`1h`, `2m`), else seconds, milliseconds,
 * microseconds or nanoseconds with up to three decimals (`1.5s`, `500ms`, `250us`). Zero is `0s`.
 *
 * @example
 * ```ts
 * formatDuration(0.5); // "500ms"
 * formatDuration(90); // "90s"
 * formatDuration(120); // "2m"
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`not a duration in seconds: ${seconds}`);
  if (seconds === 0) return "0s";
  for (const { unit, seconds: unitSeconds, decimals } of DURATION_FORMATS) {
    const amount = seconds / unitSeconds;
    const scaled = amount * 10 ** decimals;
    if (amount >= 1 && Math.abs(scaled - Math.round(scaled)) <= 1e-12 * scaled) {
      return `${Math.round(scaled) / 10 ** decimals}${unit}`;
    }
  }
  return `${Math.round(seconds * 1e9 * 1000) / 1000}ns`;
}
