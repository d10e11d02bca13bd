/**
 * The data model shared by the engine and the renderers: cases as loaded from scenario files,
 * and results as written to `results.json`. Results JSON is the contract between `bench/` and
 * `reports/`; change it only with a `schemaVersion` bump.
 *
 * @module
 */
import type { ResourceUsage } from "../ffi/cpu.ts";
import type { HugePageReport } from "../bench/endpoint/protocol.ts";

/** An external program used as an endpoint: argv, run without a shell. */
export interface CommandEndpoint {
  /** Program and arguments. */
  command: string[];
}

/** Every parameter of one case, resolved: sizes in bytes, durations in seconds. */
export interface CaseParams {
  /** `write` copies from a buffer; `vmsplice` maps pages into the pipe; or an external program. */
  writer: "write" | "vmsplice" | CommandEndpoint;
  /** `read` copies into a buffer; `splice` moves pages to `/dev/null`; or an external program. */
  reader: "read" | "splice" | CommandEndpoint;
  /** 2 MiB-aligned buffers advised `MADV_HUGEPAGE` (verified from smaps). */
  hugePages: boolean;
  /** Non-blocking calls retried on `EAGAIN` instead of sleeping in the kernel. */
  busyLoop: boolean;
  /** `poll` for readiness before every call. */
  poll: boolean;
  /** `SPLICE_F_GIFT` on vmsplice / `SPLICE_F_MOVE` on splice. */
  gift: boolean;
  /** `mlock` the buffers. */
  lockMemory: boolean;
  /** Fault the buffers in before the transfer. */
  touchPages: boolean;
  /** vmsplice: one contiguous buffer split in two instead of two separate ones. */
  sameBuffer: boolean;
  /** Buffer size in bytes (vmsplice: both halves together). */
  bufferSize: number;
  /**
   * Where each buffer starts, in bytes past a page boundary (a 2 MiB boundary with huge pages).
   * Default 16 for ordinary buffers — where glibc's `malloc` puts a large block, as in the post's
   * program — and 0 with huge pages (`aligned_alloc`). It matters: a 128 KiB half that is not
   * page-aligned spans 33 pages, more than a 32-slot pipe holds at once.
   */
  bufferOffset: number;
  /** Pipe capacity in bytes, or `null` for the kernel default (vmsplice sets half the buffer). */
  pipeSize: number | null;
  /** Bytes measured per run (at least). */
  bytes: number;
  /** Minimum measured seconds per run (0: bounded by bytes only). */
  duration: number;
  /** Measured runs. */
  repetitions: number;
  /** Discarded runs before the measured ones. */
  warmup: number;
  /** CPUs to pin each side to, or `null` for no pinning. */
  cpus: { writer: number; reader: number } | null;
  /** Check the integrity of every page on the reader. */
  verify: boolean;
}

/** One case of a scenario, ready to run. */
export interface Case {
  /** Stable id: `<scenario>/<slug>`. */
  id: string;
  /** Human name, e.g. `vmsplice→splice huge`. */
  name: string;
  /** Name of the scenario it comes from. */
  scenario: string;
  /** Its parameters. */
  params: CaseParams;
}

/** What one side reported about itself for a run. */
export interface SideReport {
  /** getrusage over the measured part (writer: after its warm-up until the reader left). */
  usage: ResourceUsage;
  /** Huge pages asked for and obtained. */
  hugePages: HugePageReport;
  /** CPU it was pinned to, or `null`. */
  cpu: number | null;
  /**
   * Runs with `--trace-fast-path` only: of the bytes this side moved while measured, how many
   * were moved in stretches whose last call took V8's fast FFI path (all of them when the hot
   * loop was optimized before the clock started).
   */
  fastPath?: { bytes: number; fastBytes: number };
}

/** One measured run. */
export interface Sample {
  /** Position of the run in the executed plan (0-based). */
  run: number;
  /** Which repetition of its case (0-based). */
  repetition: number;
  /** Bytes measured. */
  bytes: number;
  /** Seconds measured. */
  seconds: number;
  /** Throughput, GiB/s. */
  gibPerSecond: number;
  /** Bytes the reader consumed before its clock started. */
  warmupBytes: number;
  /** Pipe capacity in effect. */
  pipeSize: number;
  /** Wall-clock seconds of the whole run, spawn to exit (harness overhead = this - seconds). */
  wallSeconds: number;
  /** The reader's report. */
  reader: SideReport;
  /** The writer's report, `null` for an external writer. */
  writer: SideReport | null;
}

/** A run that did not produce a sample. */
export interface Failure {
  /** Position of the run in the plan. */
  run: number;
  /** Which side failed first: `writer`, `reader` or `runner` (timeout, spawn). */
  side: "writer" | "reader" | "runner";
  /** What happened, with the exit code and the tail of stderr. */
  reason: string;
}

/** Summary statistics of a list of values. */
export interface Summary {
  /** Number of values. */
  n: number;
  /** Median. */
  median: number;
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (n - 1). */
  stddev: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Coefficient of variation, stddev / mean. */
  cv: number;
  /** Lower bound of the 95% bootstrap confidence interval of the median. */
  ci95Low: number;
  /** Upper bound of the 95% bootstrap confidence interval of the median. */
  ci95High: number;
}

/** Statistics of a case's samples. */
export interface CaseStats {
  /** Throughput summary. */
  throughputGibPerSecond: Summary;
  /** Indices into `samples` flagged as outliers (modified z-score > 3.5 on the MAD). */
  outliers: number[];
}

/** Everything measured for one case. */
export interface CaseResult extends Case {
  /** Measured runs in the order they ran. */
  samples: Sample[];
  /** Runs that failed. */
  failures: Failure[];
  /** Statistics over `samples`, `null` when there is none. */
  stats: CaseStats | null;
  /** Things the reader of the results should know (huge pages not obtained...). */
  warnings: string[];
}

/** The machine and software a run happened on. */
export interface SystemInfo {
  /** Host name. */
  hostname: string;
  /** `uname -r`. */
  kernelRelease: string;
  /** CPU architecture (`x86_64`, `aarch64`). */
  architecture: string;
  /** CPU model name from /proc/cpuinfo. */
  cpuModel: string;
  /** CPUs online. */
  onlineCpus: number;
  /** CPUs this process may run on. */
  allowedCpus: number[];
  /** The selected THP `enabled` and `defrag` settings (`madvise`...), `null` when unreadable. */
  transparentHugePages: { enabled: string | null; defrag: string | null };
  /** `/proc/sys/fs/pipe-max-size`. */
  pipeMaxSize: number | null;
  /** `hypervisor` flag in /proc/cpuinfo. */
  hypervisor: boolean;
  /** cpufreq scaling governor of CPU 0, `null` when not exposed (typical in VMs). */
  cpufreqGovernor: string | null;
  /** 1-minute load averages at start and end. */
  loadAverage: { start: number[]; end: number[] | null };
  /** Software versions, and the git commit of pipespeed when run from a checkout. */
  versions: { deno: string; v8: string; typescript: string; pipespeed: string; gitCommit: string | null };
  /** Total memory. */
  memoryBytes: number | null;
  /** Running as root. */
  isRoot: boolean;
  /** Has CAP_SYS_RESOURCE, so pipes may exceed pipe-max-size (root in a container may not). */
  canExceedPipeMaxSize: boolean;
}

/** A scenario as it was run. */
export interface ScenarioInfo {
  /** Scenario name (a slug). */
  name: string;
  /** Its description. */
  description: string | null;
  /** The file it was loaded from. */
  file: string;
}

/** The contents of `results.json`. */
export interface Results {
  /** Bumped on incompatible changes. */
  schemaVersion: 1;
  /** `<UTC timestamp>-<host>`. */
  runId: string;
  /** ISO time the run started. */
  startedAt: string;
  /** ISO time it ended, `null` while running or after a crash. */
  finishedAt: string | null;
  /** Seed of the shuffled plan and of the bootstrap. */
  seed: number;
  /** Run options: quick mode, filter. */
  options: { quick: boolean; filter: string | null };
  /** The machine. */
  system: SystemInfo;
  /** The scenarios run. */
  scenarios: ScenarioInfo[];
  /** Every case with its samples and statistics. */
  cases: CaseResult[];
  /** Run-wide warnings. */
  warnings: string[];
  /** True when the run stopped early (Ctrl-C, or resumed later). */
  interrupted: boolean;
}
