/**
 * The calibration cache: the probes measure the machine and its kernel, not the run, so a
 * calibration is kept in one JSON file (beside the run folders: `<results parent>/.pipespeed-calibration.json`)
 * under a key of the boot (`/proc/sys/kernel/random/boot_id`), the kernel release, the CPUs and the
 * buffer sizes, and reused until the machine reboots. The cache is best effort: a file that cannot
 * be read or written is measured around, never an error.
 *
 * @module
 */
import { readWholeFile } from "../../ffi/memory.ts";
import { writeFileAtomic } from "../../model/write-file.ts";
import { type Calibration, CALIBRATION_VERSION, calibrationSchema } from "../../model/calibration-schema.ts";

/** Entries kept in the file (the newest). */
const MAX_ENTRIES = 8;

/** The name of the cache file in the parent of the run folders. */
export const CACHE_FILE_NAME = ".pipespeed-calibration.json";

/** This boot's id, or `null` when unreadable (then nothing is cached). */
export function bootId(): string | null {
  try {
    return readWholeFile("/proc/sys/kernel/random/boot_id").trim() || null;
  } catch {
    return null;
  }
}

/** What a cached calibration must match. */
export interface CacheKey {
  bootId: string;
  kernelRelease: string;
  cpus: { writer: number; reader: number } | null;
  bufferSizes: number[];
}

/** The key as one string. */
export function cacheKey(key: CacheKey): string {
  const cpus = key.cpus === null ? "unpinned" : `${key.cpus.writer},${key.cpus.reader}`;
  return [CALIBRATION_VERSION, key.bootId, key.kernelRelease, cpus, [...key.bufferSizes].sort((a, b) => a - b)].join(
    "|",
  );
}

function readEntries(file: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Deno.readTextFileSync(file));
    return typeof value === "object" && value !== null && typeof value.entries === "object" && value.entries !== null
      ? value.entries
      : {};
  } catch {
    return {};
  }
}

/** The cached calibration for `key` in `file`, or `null`. */
export function readCached(file: string, key: CacheKey): Calibration | null {
  const entry = readEntries(file)[cacheKey(key)];
  const parsed = calibrationSchema.safeParse(entry);
  return parsed.success ? entry as Calibration : null;
}

/**
 * Stores `calibration` under `key` in `file` (the oldest entries beyond {@link MAX_ENTRIES} dropped),
 * atomically and never through a symbolic link (model/write-file.ts); `false` when it could not.
 */
export async function writeCached(file: string, key: CacheKey, calibration: Calibration): Promise<boolean> {
  const entries = readEntries(file);
  delete entries[cacheKey(key)];
  entries[cacheKey(key)] = calibration;
  const kept = Object.entries(entries).slice(-MAX_ENTRIES);
  try {
    await writeFileAtomic(file, JSON.stringify({ entries: Object.fromEntries(kept) }, null, 2) + "\n");
    return true;
  } catch {
    return false;
  }
}
