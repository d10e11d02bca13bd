/**
 * The explanation as plain lines, for the terminal and `summary.md`: per scenario that forms a
 * sequence, one line per step (`steps.ts`), and the calibration in one line when the run has one.
 *
 * @module
 */
import type { SideProfile } from "../../../model/calibration-schema.ts";
import type { Results } from "../../../model/types.ts";
import { scenarioSteps, stepLine } from "./steps.ts";

/** Per scenario with steps: its name and one line per step. */
export function stepLines(results: Results): { scenario: string; lines: string[] }[] {
  return scenarioSteps(results).map(({ scenario, steps }) => ({ scenario, lines: steps.map(stepLine) }));
}

/** Functions named per side in a profile line. */
const PROFILE_FUNCTIONS = 5;

/**
 * What a side's samples cover, in words: its measured part, or its whole run (start-up and
 * warm-up included: an endpoint that reports no window, or older results).
 */
export function profileWindowText(side: Pick<SideProfile, "window">): string {
  return side.window === "measured" ? "measured part" : "whole run";
}

/**
 * Per profiled case: `write_read: writer (measured part, 812 samples, 80% kernel): _copy_from_iter
 * 19%, … · reader: …`, with `(extra run)` after the name when the profile is not of a measured run.
 */
export function profileLines(results: Results): string[] {
  return results.cases.flatMap((result) => {
    const profile = result.profile;
    if (profile === undefined) return [];
    const side = (name: "writer" | "reader") => {
      const p = profile[name];
      if (p === null) return `${name}: no samples`;
      const top = p.top.slice(0, PROFILE_FUNCTIONS).map((entry) =>
        `${entry.symbol} ${(entry.share * 100).toFixed(0)}%`
      );
      return `${name} (${profileWindowText(p)}, ${p.samples} samples, ${(p.kernelShare * 100).toFixed(0)}% kernel): ${
        top.join(", ")
      }`;
    };
    const extra = profile.source === "extra run" ? " (extra run)" : "";
    return [`${result.name}${extra}: ${side("writer")} · ${side("reader")}`];
  });
}

/**
 * The note on where profiles come from when some are of an extra run (cases measured in turns),
 * `null` otherwise.
 */
export function profileNote(results: Results): string | null {
  return results.cases.some((c) => c.profile?.source === "extra run")
    ? "profiles of the cases measured in turns: from one extra run per case after the sessions, outside the " +
      "turns (its sample is not in the statistics)"
    : null;
}

/** The calibration in one line (`null` without one): copy bandwidth, syscall, wake-up, pages. */
export function calibrationSummary(results: Results): string | null {
  const c = results.system.calibration;
  if (c === undefined) return null;
  const ns = (seconds: number) => `${(seconds * 1e9).toFixed(0)} ns`;
  const copy = c.copyGibPerSecond.map((p) => `${p.value.toFixed(1)} GiB/s at ${p.bytes / 1024} KiB`).join(", ");
  const wakeup = c.wakeupRoundTripSeconds.value === null
    ? "wake-up not measured"
    : `wake-up round trip ${(c.wakeupRoundTripSeconds.value * 1e6).toFixed(1)} µs`;
  return `calibration${c.fromCache ? " (cached)" : ""}: copy ${copy}, ${
    c.copyDramGibPerSecond.value.toFixed(1)
  } GiB/s from DRAM; syscall ${ns(c.syscallSeconds.value)}; pipe write+read ${
    ns(c.pipeWriteReadSeconds.value)
  }; ${wakeup}; per page vmsplice ${ns(c.vmsplicePageSeconds.value)} (huge ${
    ns(c.vmspliceHugePageSeconds.value)
  }), splice ${ns(c.splicePageSeconds.value)} (huge ${ns(c.spliceHugePageSeconds.value)})`;
}
