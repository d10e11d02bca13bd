/**
 * The command line's argument helpers: the usage error (exit code 2), paths as the user meant
 * them, and the option parsers commander calls.
 *
 * @module
 */
import { parseSize } from "../model/sizes.ts";

/** A usage or validation error: nothing ran, exit code 2. */
export class UsageError extends Error {}

/**
 * A path as the user meant it: `deno task` runs in the project folder, so relative paths are
 * resolved against the folder the user ran it from (`INIT_CWD`).
 */
export function userPath(path: string): string {
  const from = Deno.env.get("INIT_CWD");
  return path.startsWith("/") || !from ? path : `${from.replace(/\/$/, "")}/${path}`;
}

/** A parser of a non-negative integer option called `name`. */
export function parseInteger(name: string): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new UsageError(`${name}: expected a non-negative integer, got ${value}`);
    }
    return n;
  };
}

/** `--timeout`: whole seconds. */
export function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 2_000_000) {
    throw new UsageError(`--timeout: expected whole seconds from 1 to 2000000, got ${value}`);
  }
  return seconds;
}

/** `--threshold`: a percentage such as `5%` (or `5`), as a fraction. */
export function parsePercent(value: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent < 100)) {
    throw new UsageError(`--threshold: expected a percentage like 5% (0 to 100), got ${value}`);
  }
  return percent / 100;
}

/** `--warmup-bytes`: a size such as `32MiB`, in bytes; `undefined` when not given. */
export function parseWarmupBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseSize(value);
  } catch (error) {
    throw new UsageError(`--warmup-bytes: ${(error as Error).message}`);
  }
}
