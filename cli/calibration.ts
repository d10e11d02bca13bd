/**
 * `run`'s calibration step: before the measured runs, the probes of bench/calibration/ for the
 * cases about to run (their CPU pair and buffer sizes), from the cache beside the run folders
 * unless `--recalibrate`, with one line saying which.
 *
 * @module
 */
import { dirname } from "node:path";
import pc from "picocolors";
import { CACHE_FILE_NAME, calibrate } from "../bench/calibration/mod.ts";
import type { Calibration } from "../model/calibration-schema.ts";
import type { Case, SystemInfo } from "../model/types.ts";

/** Calibrates for `cases` (none: `undefined`); the cache file sits in the parent folder of `outDir`. */
export async function calibrateFor(
  cases: Case[],
  system: SystemInfo,
  outDir: string,
  options: { recalibrate?: boolean; quiet: boolean },
): Promise<Calibration | undefined> {
  if (cases.length === 0) return undefined;
  // The cache sits beside the run folders; the session would create the parent anyway.
  await Deno.mkdir(dirname(outDir), { recursive: true }).catch(() => {});
  if (!options.quiet) console.error(pc.dim("calibrating (copy, syscall, wake-up, per-page costs)…"));
  const calibration = await calibrate({
    cpus: cases[0].params.cpus,
    bufferSizes: cases.map((c) => c.params.bufferSize),
    kernelRelease: system.kernelRelease,
    cacheFile: `${dirname(outDir)}/${CACHE_FILE_NAME}`,
    recalibrate: options.recalibrate,
  });
  if (!options.quiet) console.error(pc.dim(calibrationLine(calibration)));
  return calibration;
}

/** One line: where the calibration came from and its headline numbers. */
export function calibrationLine(calibration: Calibration): string {
  const wakeup = calibration.wakeupRoundTripSeconds;
  const parts = [
    `copy ${calibration.copyGibPerSecond.at(-1)?.value.toFixed(1) ?? "?"} GiB/s in cache, ` +
    `${calibration.copyDramGibPerSecond.value.toFixed(1)} GiB/s from DRAM`,
    `syscall ${(calibration.syscallSeconds.value * 1e9).toFixed(0)} ns`,
    wakeup.value === null
      ? `wake-up not measured (${wakeup.reason})`
      : `wake-up round trip ${(wakeup.value * 1e6).toFixed(1)} µs`,
  ];
  const source = calibration.fromCache
    ? `from the cache of this boot (measured ${calibration.measuredAt}; --recalibrate measures again)`
    : `measured in ${calibration.seconds.toFixed(1)} s`;
  return `calibration ${source}: ${parts.join(", ")}`;
}
