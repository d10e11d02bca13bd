/**
 * The "why" parts of `results.json`, all optional so older files still load: the calibration
 * probes under `system.calibration`, the cost model of each case under `cases[].explain`, and its
 * kernel profile under `cases[].profile`. `results-schema.ts` attaches them.
 *
 * @module
 */
import { z } from "zod";
import { count, finite, looseObject } from "./schema-parts.ts";

const probe = looseObject({
  /** The measured value, in the unit its key names (seconds, GiB/s). */
  value: finite,
  /** How it was measured. */
  method: z.string(),
});

/** One calibration probe: its value and its method. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type ProbeValue = z.output<typeof probe>;

const sizedProbe = looseObject({ ...probe.shape, /** Size of each buffer copied. */ bytes: count });

/** A copy-bandwidth probe at one buffer size. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type SizedProbe = z.output<typeof sizedProbe>;

/** The version of the probes; a cached calibration of another version is measured again. */
export const CALIBRATION_VERSION = 1;

/** The zod schema of `system.calibration`. */
export const calibrationSchema = looseObject({
  /** {@link CALIBRATION_VERSION} of the probes. */
  version: count,
  /** ISO time the probes ran. */
  measuredAt: z.string(),
  /** True when taken from the cache of this boot and kernel instead of measured in this run. */
  fromCache: z.boolean(),
  /** `/proc/sys/kernel/random/boot_id`, `null` when unreadable (then nothing is cached). */
  bootId: z.string().nullable(),
  /** Kernel release the probes ran on. */
  kernelRelease: z.string(),
  /** The CPUs of the wake-up probe (the cases' pinned pair), `null` when unpinned. */
  cpus: looseObject({ writer: count, reader: count }).nullable(),
  /** Seconds the probes took. */
  seconds: finite,
  /** memcpy bandwidth, GiB/s, at each buffer size of the cases (cache-resident). */
  copyGibPerSecond: z.array(sizedProbe),
  /** memcpy bandwidth, GiB/s, between two DRAM-sized buffers. */
  copyDramGibPerSecond: sizedProbe,
  /** A trivial syscall, seconds. */
  syscallSeconds: probe,
  /** One write + read of a byte on a pipe in one process, seconds. */
  pipeWriteReadSeconds: probe,
  /** The wake-up round trip between the two pinned CPUs, seconds; `null` value when not measured (`reason`). */
  wakeupRoundTripSeconds: looseObject({ value: finite.nullable(), method: z.string(), reason: z.string().optional() }),
  /** vmsplice per 4 KiB page from 4 KiB pages, seconds. */
  vmsplicePageSeconds: probe,
  /** vmsplice per 4 KiB page from a huge page, seconds. */
  vmspliceHugePageSeconds: probe,
  /** splice to /dev/null per 4 KiB page vmspliced from 4 KiB pages, seconds. */
  splicePageSeconds: probe,
  /** splice to /dev/null per 4 KiB page vmspliced from a huge page, seconds. */
  spliceHugePageSeconds: probe,
});

/** The calibration of a run. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Calibration = z.output<typeof calibrationSchema>;

const sides = <T extends z.ZodType>(side: T) => looseObject({ writer: side.nullable(), reader: side.nullable() });

const cpuPerGib = looseObject({ user: finite, system: finite, total: finite });
const switchesPerGib = looseObject({
  /** Voluntary context switches per GiB: the side slept (a wake-up each). */
  voluntary: finite,
  /** Involuntary ones: the scheduler preempted it. */
  involuntary: finite,
  /** Bytes moved per voluntary switch (`null` without any). */
  bytesPerWakeup: finite.nullable(),
});

/** The zod schema of `cases[].explain`. */
export const explainSchema = looseObject({
  /** CPU seconds per GiB moved (user + system, and the split), per side. */
  cpuSecondsPerGiB: sides(cpuPerGib),
  /** Context switches per GiB moved, per side. */
  contextSwitchesPerGiB: sides(switchesPerGib),
  /** Page faults (minor + major) per GiB moved, per side. */
  pageFaultsPerGiB: sides(finite),
  /** Copies of each byte by the CPU, per side's kind and in total (`null` for an external program). */
  copiesPerByte: looseObject({ writer: count.nullable(), reader: count.nullable(), total: count.nullable() }),
  /** The throughput the calibration allows this case, GiB/s (`null` without calibration or for external programs). */
  ceilingGibPerSecond: finite.nullable(),
  /** Median throughput / ceiling. */
  fractionOfCeiling: finite.nullable(),
  /** The ceiling's parts: each side's modelled seconds per GiB, which side limits, and the rule. */
  ceiling: looseObject({
    writerSecondsPerGiB: finite.nullable(),
    readerSecondsPerGiB: finite.nullable(),
    limitedBy: z.enum(["writer", "reader"]).nullable(),
    method: z.string(),
  }),
});

/** The cost model of one case. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Explain = z.output<typeof explainSchema>;

const profileEntry = looseObject({
  /** Function name (kernel or user), as perf resolved it. */
  symbol: z.string(),
  /** Fraction of the side's samples whose innermost frame is this function. */
  share: finite,
});

const sideProfile = looseObject({
  /** Samples of this side's process on its CPU. */
  samples: count,
  /** Fraction of those samples in the kernel. */
  kernelShare: finite,
  /** The functions with the most samples (self time), largest first. */
  top: z.array(profileEntry),
  /** Folded stacks (`outer;...;inner count`), the heaviest first, for a flame or icicle chart. */
  folded: z.array(looseObject({ stack: z.string(), count: count })),
  /**
   * What the samples cover: `measured` — only the side's measured part (from the end of its warm-up
   * to the end of its measured transfer, as its endpoint reported it); `whole run` — the process's
   * whole life, start-up and warm-up included (an endpoint that reports no window: an external
   * command such as the C endpoint). Absent in older results: the whole run.
   */
  window: z.enum(["measured", "whole run"]).optional(),
});

/** One side's profile. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type SideProfile = z.output<typeof sideProfile>;

/** The zod schema of `cases[].profile`. */
export const profileSchema = looseObject({
  /** The perf event sampled (`cpu-clock` without a hardware PMU). */
  event: z.string(),
  /** Which measured run (its `run` number) was recorded; `null` for an extra run (see `source`). */
  run: count.nullable(),
  /**
   * `measured run` — a measured run of the plan; `extra run` — one extra run of the case made after
   * the sessions of turns (which a profiler cannot record pair by pair), as a `runs` schedule would
   * make it, outside the statistics: its sample is in no `samples`. Absent in older results: a
   * measured run.
   */
  source: z.enum(["measured run", "extra run"]).optional(),
  /** Per side. */
  ...sides(sideProfile).shape,
});

/** The kernel profile of one case. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Profile = z.output<typeof profileSchema>;
