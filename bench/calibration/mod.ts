/**
 * Calibration: what this machine's CPUs and kernel charge for the pieces a pipe transfer is made
 * of — a copy, a syscall, a wake-up, a page handed to the pipe and taken out — each measured by a
 * small loop through the FFI layer the endpoints use, once per run before the measured runs (or
 * taken from the cache of this boot and kernel), and stored with its method under
 * `system.calibration`. The cost model (`stats/explain.ts`) turns it into each case's ceiling.
 *
 * @example
 * ```ts
 * const calibration = await calibrate({ cpus: { writer: 0, reader: 1 }, bufferSizes: [262144], kernelRelease: "6.8.0" });
 * console.log(calibration.copyDramGibPerSecond.value);
 * ```
 *
 * @module
 */
import { monotonicSeconds } from "../../ffi/cpu.ts";
import { type Calibration, CALIBRATION_VERSION } from "../../model/calibration-schema.ts";
import { bootId, type CacheKey, readCached, writeCached } from "./cache.ts";
import { copyBandwidth, DRAM_BUFFER_BYTES, pipeWriteReadCost, spliceCosts, syscallCost } from "./probes.ts";
import { wakeupRoundTrip } from "./wakeup.ts";

export { CACHE_FILE_NAME } from "./cache.ts";

/** Copy probes at most per run (a sweep of many buffer sizes gets this many, spread over its range). */
const MAX_COPY_SIZES = 6;

/** What to calibrate for. */
export interface CalibrateOptions {
  /** The cases' CPU pair (the wake-up probe runs on it), `null` unpinned. */
  cpus: { writer: number; reader: number } | null;
  /** The cases' buffer sizes (the copy probe runs at each, up to {@link MAX_COPY_SIZES}). */
  bufferSizes: number[];
  /** The kernel release (part of the cache key). */
  kernelRelease: string;
  /** The cache file, or `null` for none. */
  cacheFile?: string | null;
  /** Measure even when the cache has this calibration (`--recalibrate`). */
  recalibrate?: boolean;
}

/** Up to `limit` of the distinct sizes, smallest and largest always among them. */
export function copySizes(sizes: number[], limit = MAX_COPY_SIZES): number[] {
  const distinct = [...new Set(sizes)].sort((a, b) => a - b);
  if (distinct.length <= limit) return distinct;
  return [
    ...new Set(Array.from({ length: limit }, (_, i) => distinct[Math.round(i * (distinct.length - 1) / (limit - 1))])),
  ];
}

/**
 * The calibration of this machine for these cases: from the cache when it holds one for this boot,
 * kernel, CPUs and sizes (unless `recalibrate`), else measured now (about a second on a quiet
 * machine) and cached.
 */
export async function calibrate(options: CalibrateOptions): Promise<Calibration> {
  const sizes = copySizes(options.bufferSizes);
  const boot = bootId();
  const key: CacheKey | null = boot === null
    ? null
    : { bootId: boot, kernelRelease: options.kernelRelease, cpus: options.cpus, bufferSizes: sizes };
  const file = options.cacheFile ?? null;
  if (key !== null && file !== null && !options.recalibrate) {
    const cached = readCached(file, key);
    if (cached !== null) return { ...cached, fromCache: true };
  }
  const calibration = await measure(options, sizes, boot);
  if (key !== null && file !== null) await writeCached(file, key, calibration);
  return calibration;
}

async function measure(options: CalibrateOptions, sizes: number[], boot: string | null): Promise<Calibration> {
  const start = monotonicSeconds();
  const measuredAt = new Date().toISOString();
  // The two-process probe first: its children start while nothing else here runs.
  const wakeup = await wakeupRoundTrip(options.cpus);
  const copies = sizes.map((bytes) => ({ ...copyBandwidth(bytes), bytes }));
  const dram = { ...copyBandwidth(DRAM_BUFFER_BYTES), bytes: DRAM_BUFFER_BYTES };
  const syscall = syscallCost();
  const pipe = pipeWriteReadCost();
  const small = spliceCosts(false);
  const huge = spliceCosts(true);
  return {
    version: CALIBRATION_VERSION,
    measuredAt,
    fromCache: false,
    bootId: boot,
    kernelRelease: options.kernelRelease,
    cpus: options.cpus,
    seconds: monotonicSeconds() - start,
    copyGibPerSecond: copies,
    copyDramGibPerSecond: dram,
    syscallSeconds: syscall,
    pipeWriteReadSeconds: pipe,
    wakeupRoundTripSeconds: wakeup,
    vmsplicePageSeconds: small.vmsplicePage,
    vmspliceHugePageSeconds: huge.vmsplicePage,
    splicePageSeconds: small.splicePage,
    spliceHugePageSeconds: huge.splicePage,
  };
}
