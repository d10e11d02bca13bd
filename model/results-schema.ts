/**
 * The schema of `results.json`, as a zod schema: one definition that validates files read back
 * (`report`, `compare`, `merge`) with a precise message, that generates the published JSON Schema
 * `model/results.schema.json` (`deno run --allow-write=model scripts/gen-schema.ts`), and whose
 * inferred types are the results types (`Results`, `CaseResult`, `Sample`...). Objects are loose:
 * a newer pipespeed may add fields without breaking older readers; a change that breaks them bumps
 * `schemaVersion`.
 *
 * @module
 */
import { z } from "zod";
import denoConfig from "../deno.json" with { type: "json" };
import type { ResourceUsage } from "../ffi/cpu.ts";
import { calibrationSchema, explainSchema, profileSchema } from "./calibration-schema.ts";
import { caseOverridesSchema, caseParamsSchema } from "./params.ts";
import { count, finite, looseObject } from "./schema-parts.ts";
import { kernelSemanticsSchema } from "./semantics.ts";

const nullableNumber = finite.nullable();

const usage: z.ZodType<ResourceUsage> = looseObject({
  userSeconds: finite,
  systemSeconds: finite,
  voluntaryContextSwitches: count,
  involuntaryContextSwitches: count,
  minorPageFaults: count,
  majorPageFaults: count,
});

const hugePageReport = looseObject({
  /** Bytes of buffer that asked for huge pages. */
  requestedBytes: count,
  /** Bytes of those that huge pages actually back. */
  backedBytes: count,
});

/** Huge-page backing of one side's buffers, from smaps. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type HugePageReport = z.output<typeof hugePageReport>;

const sideReport = looseObject({
  /** getrusage over the measured part (writer: after its warm-up until the reader left). */
  usage,
  /** Huge pages asked for and obtained. */
  hugePages: hugePageReport,
  /** CPU it was pinned to, or `null`. */
  cpu: count.nullable(),
  /**
   * Runs with `--trace-fast-path` only: of the bytes this side moved while measured, how many
   * were moved in stretches whose last call took V8's fast FFI path (all of them when the hot
   * loop was optimized before the clock started).
   */
  fastPath: looseObject({ bytes: count, fastBytes: count }).optional(),
  /**
   * CPU migrations of the side's main thread during the measured part (`se.nr_migrations` of
   * /proc/thread-self/sched); absent when the kernel does not expose it or in older files.
   */
  migrations: count.optional(),
});

/** What one side reported about itself for a run. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type SideReport = z.output<typeof sideReport>;

/**
 * Steal at or above this share of CPU time during a run flags it (`noise.stealSpike`): on a 2-vCPU
 * guest a tenth of one vCPU for the whole run, far above the 0–1% of a quiet host.
 */
export const STEAL_SPIKE = 0.05;

const noise = looseObject({
  /** Share of all CPUs' time stolen by the hypervisor during the run (/proc/stat `steal`), 0–1. */
  steal: finite.nullable(),
  /** Share of the run's wall time some task waited for a CPU (/proc/pressure/cpu `some`), 0–1. */
  cpuPressure: finite.nullable(),
  /** Share of the run's wall time some task waited for memory (/proc/pressure/memory `some`), 0–1. */
  memoryPressure: finite.nullable(),
  /** The 1-minute load average at the end of the run. */
  load: finite.nullable(),
  /** True when `steal` reached the spike threshold (5% of CPU time): the sample is suspect. */
  stealSpike: z.boolean(),
});

/** Noise evidence of one run. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type RunNoise = z.output<typeof noise>;

// --- contention (issue 17, item 4) ---
const contentionEndpoint = looseObject({
  /** CPU it was pinned to, or `null`. */
  cpu: count.nullable(),
  /** Bytes it moved from the shared start to its stop (writer) or last byte (reader). */
  bytes: count,
  /**
   * The run's common span, the same for every endpoint: the case's seconds (first reader's start
   * to the last reader's last byte). Results written before `ownSeconds` existed hold the
   * endpoint's own span here.
   */
  seconds: finite,
  /**
   * Its throughput, GiB/s: its bytes over the common span (`seconds`), so that the readers' add up
   * to the case's throughput and the writers' to what they sent over the same span.
   */
  gibPerSecond: finite,
  /** Its own clock's span: from its start to its stop (writer) or last byte (reader). */
  ownSeconds: finite.optional(),
});

const fairness = looseObject({
  /** Jain's index of the side's bytes over the common span: 1 even, 1/n when one endpoint moved everything. */
  jain: finite,
  /** The fewest bytes an endpoint moved over the common span, over the most. */
  minToMax: finite,
});

/**
 * A contention run's endpoints (`writers`/`readers` above 1): each one's throughput and each
 * side's fairness. The sample's own bytes and seconds are the readers' together.
 */
const contention = looseObject({
  /** Each writer, in order. */
  writers: z.array(contentionEndpoint),
  /** Each reader, in order. */
  readers: z.array(contentionEndpoint),
  /** Fairness among the writers and among the readers. */
  fairness: looseObject({ writers: fairness, readers: fairness }),
  /** Whether some CPU ran more than one endpoint (fewer CPUs allowed than endpoints, or writer and reader on one). */
  sharedCpus: z.boolean(),
});

/** What a contention run measured of each endpoint. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type ContentionReport = z.output<typeof contention>;
// --- end of contention ---
// --- latency (issue 18): a latency run's figures and histogram (stats/histogram.ts) ---
const latencyFigures = looseObject({
  /** Median round trip, µs. */
  p50: finite,
  /** 90th percentile, µs. */
  p90: finite,
  /** 99th percentile, µs. */
  p99: finite,
  /**
   * 99.9th percentile, µs. A run of fewer than 1000 round trips has none above it: then it is the
   * maximum's bucket, kept here, and reports show "—" (model/latency.ts figureMinimumCount).
   */
  p999: finite,
  /** 99.99th percentile, µs; below 10^4 round trips, the maximum's bucket (reports: "—"). */
  p9999: finite,
  /** The slowest round trip, µs (exact). */
  max: finite,
  /** The mean round trip, µs (exact). */
  mean: finite,
});

const latencySample = looseObject({
  /** Round trips timed. */
  roundTrips: count,
  /** Bytes of each message, each way. */
  messageSize: count,
  /** The figures of this run, µs (percentiles within 0.4%: the histogram's bucket midpoints). */
  microseconds: latencyFigures,
  /** Every round trip, ns, as the histogram's non-empty buckets (log-linear, 2^subBucketBits per power of two). */
  histogram: looseObject({
    subBucketBits: count,
    buckets: z.array(z.tuple([count, count])),
    max: finite,
    sum: finite,
  }),
  /** One-way latency under load (`rate`, open loop): the messages per second offered. Absent for round trips. */
  rate: finite.optional(),
  /** One-way: the messages per second that arrived (below `rate` when the pipe saturated). */
  deliveredRate: finite.optional(),
});
// --- end latency ---

const sample = looseObject({
  /** Position of the run in the executed plan (0-based). */
  run: count,
  /** Which repetition of its case (0-based). */
  repetition: count,
  /** Bytes measured. */
  bytes: count,
  /** Seconds measured. */
  seconds: finite,
  /** Throughput, GiB/s. */
  gibPerSecond: finite,
  /** Bytes the reader consumed before its clock started. */
  warmupBytes: count,
  /** Pipe capacity in effect. */
  pipeSize: count,
  /** Wall-clock seconds of the whole run, spawn to exit (harness overhead = this - seconds). */
  wallSeconds: finite,
  /** The reader's report. */
  reader: sideReport,
  /** The writer's report, `null` for an external writer. */
  writer: sideReport.nullable(),
  /** Seconds from the start of the whole benchmark run to the start of this run (absent in older files). */
  startedAtSeconds: finite.optional(),
  /** What else the machine was doing during this run (bench/noise.ts); absent in older files. */
  noise: noise.optional(),
  /** Contention cases only: each endpoint's throughput and the fairness between them. */
  contention: contention.optional(),
  /** `measure: latency` only: the run's round trips, their figures and histogram. */
  latency: latencySample.optional(),
});

/** A latency run's figures, microseconds. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type LatencyFigures = z.output<typeof latencyFigures>;

/** A latency run: its round trips, figures and histogram. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type LatencySample = z.output<typeof latencySample>;

/** One measured run. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Sample = z.output<typeof sample>;

const failure = looseObject({
  /** Position of the run in the plan. */
  run: count,
  /** Which side failed first: `writer`, `reader` or `runner` (timeout, spawn). */
  side: z.enum(["writer", "reader", "runner"]),
  /** What happened, with the exit code and the tail of stderr. */
  reason: z.string(),
});

/** A run that did not produce a sample. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Failure = z.output<typeof failure>;

const summary = looseObject({
  /** Number of values. */
  n: count,
  /** Median. */
  median: finite,
  /** Arithmetic mean. */
  mean: finite,
  /** Sample standard deviation (n - 1). */
  stddev: finite,
  /** Smallest value. */
  min: finite,
  /** Largest value. */
  max: finite,
  /** Coefficient of variation, stddev / mean. */
  cv: finite,
  /** Lower bound of the 95% confidence interval of the median (`ci95Method`; = median at n = 1). */
  ci95Low: finite,
  /** Upper bound of the 95% confidence interval of the median. */
  ci95High: finite,
  /**
   * Probability that the interval holds the true median: exact for the order-statistic interval
   * (below 95% at n ≤ 5, where it is the sample range), nominal 0.95 for the bootstrap, 0 at n = 1.
   * Absent in older files (a bootstrap then).
   */
  ci95Coverage: finite.optional(),
  /** `order-statistic` (n < 60), `bootstrap` (n ≥ 60) or `none` (n = 1); absent in older files. */
  ci95Method: z.enum(["none", "order-statistic", "bootstrap"]).optional(),
});

/** Summary statistics of a list of values. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Summary = z.output<typeof summary>;

const mode = looseObject({
  /** Median throughput of the mode's samples, GiB/s. */
  gibPerSecond: finite,
  /** Its share of the samples. */
  fraction: finite,
  /** Its samples. */
  n: count,
});

/** One mode of a case's throughputs. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Mode = z.output<typeof mode>;

const ratioToFirst = looseObject({
  /** Median of the per-pair ratios. */
  median: finite,
  /** Lower bound of its 95% confidence interval. */
  ci95Low: finite,
  /** Upper bound. */
  ci95High: finite,
  /** Coverage of the interval, as in the throughput summary. */
  ci95Coverage: finite,
  /** How the interval was made, as in the throughput summary. */
  ci95Method: z.enum(["none", "order-statistic", "bootstrap"]),
  /** Pairs (rounds or sessions where both cases have a sample): the independent samples of the ratio. */
  pairs: count,
});

/** A case's ratio to its scenario's first case. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type RatioToFirst = z.output<typeof ratioToFirst>;

const caseStats = looseObject({
  /** Throughput summary. */
  throughputGibPerSecond: summary,
  /** Indices into `samples` flagged as outliers (modified z-score > 3.5 on the MAD). */
  outliers: z.array(count),
  /** How many independent samples the intervals rest on (one per run, or per session). */
  independentSamples: count.optional(),
  /**
   * The modes of the throughputs, slower first: one entry when unimodal (stats/modes.ts, a gap test
   * on log-throughput from 5 samples on). Absent in older files.
   */
  modes: z.array(mode).optional(),
  /**
   * Throughput over the scenario's first case's, paired by `repetition` (same round or session):
   * the median of the per-pair ratios and its interval. Absent for the first case itself and with
   * fewer than 2 pairs.
   */
  ratioToFirst: ratioToFirst.optional(),
  /**
   * `measure: latency` only: each figure of the runs (µs), summarized across repetitions (its median
   * and 95% interval: stats/median-interval.ts). Lower is better.
   */
  latencyMicroseconds: looseObject({
    p50: summary,
    p90: summary,
    p99: summary,
    p999: summary,
    p9999: summary,
    max: summary,
    mean: summary,
  }).optional(),
});

/** Statistics of a case's samples. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type CaseStats = z.output<typeof caseStats>;

const caseShape = {
  /** Stable id: `<scenario>/<slug>`. */
  id: z.string(),
  /** Human name, e.g. `vmsplice→splice huge`. */
  name: z.string(),
  /** Name of the scenario it comes from. */
  scenario: z.string(),
  /** Its parameters. */
  params: caseParamsSchema,
};

const caseSchema = looseObject(caseShape);

/** One case of a scenario, ready to run. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Case = z.output<typeof caseSchema>;

const caseResult = looseObject({
  ...caseShape,
  /** Measured runs in the order they ran. */
  samples: z.array(sample),
  /** Runs that failed. */
  failures: z.array(failure),
  /** Statistics over `samples`, `null` when there is none. */
  stats: caseStats.nullable(),
  /** Things the reader of the results should know (huge pages not obtained...). */
  warnings: z.array(z.string()),
  /**
   * With a `precision` target: whether the 95% interval's half-width (`halfWidth`, a fraction of
   * the value, `null` without an interval) of `of` reached `target` (bench/precision.ts): the ratio
   * to the first case, the median throughput, or (`measure: latency`) the median of the runs' p50.
   */
  precision: looseObject({
    target: finite,
    reached: z.boolean(),
    halfWidth: finite.nullable(),
    of: z.enum(["ratioToFirst", "median", "p50"]),
    // statfix (review 2): the target counts only with a 95% interval, not a 2-to-5-value range.
    /** The interval's coverage (`ci95Coverage`); `reached` needs at least 0.95. Absent in older files. */
    coverage: finite.nullable().optional(),
  }).optional(),
  /** The cost model: CPU time, wake-ups and faults per GiB, copies per byte, the ceiling (absent before 0.1.0's issue 16). */
  explain: explainSchema.optional(),
  /** The kernel profile of one measured run (`--profile`). */
  profile: profileSchema.optional(),
});

/** Everything measured for one case. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type CaseResult = z.output<typeof caseResult>;

const systemInfo = looseObject({
  /** Host name. */
  hostname: z.string(),
  /** `uname -r`. */
  kernelRelease: z.string(),
  /** CPU architecture (`x86_64`, `aarch64`). */
  architecture: z.string(),
  /** CPU model name from /proc/cpuinfo. */
  cpuModel: z.string(),
  /** CPUs online. */
  onlineCpus: count,
  /** CPUs this process may run on. */
  allowedCpus: z.array(count),
  /** The selected THP `enabled` and `defrag` settings (`madvise`...), `null` when unreadable. */
  transparentHugePages: looseObject({ enabled: z.string().nullable(), defrag: z.string().nullable() }),
  /** `/proc/sys/fs/pipe-max-size`. */
  pipeMaxSize: count.nullable(),
  /** `hypervisor` flag in /proc/cpuinfo. */
  hypervisor: z.boolean(),
  /** cpufreq scaling governor of CPU 0, `null` when not exposed (typical in VMs). */
  cpufreqGovernor: z.string().nullable(),
  /** 1-minute load averages at start and end. */
  loadAverage: looseObject({ start: z.array(finite), end: z.array(finite).nullable() }),
  /** Software versions, and the git commit of pipespeed when run from a checkout. */
  versions: looseObject({
    deno: z.string(),
    v8: z.string(),
    typescript: z.string(),
    pipespeed: z.string(),
    gitCommit: z.string().nullable(),
  }),
  /** Total memory. */
  memoryBytes: nullableNumber,
  /** Running as root. */
  isRoot: z.boolean(),
  /** Has CAP_SYS_RESOURCE, so pipes may exceed pipe-max-size (root in a container may not). */
  canExceedPipeMaxSize: z.boolean(),
  /** The calibration probes (copy bandwidth, syscall, wake-up, per-page costs), absent in older files. */
  calibration: calibrationSchema.optional(),
  /** What the kernel's pipe calls do (zero copy or a copy, gift), from the probe; absent before it existed. */
  kernelSemantics: kernelSemanticsSchema.optional(),
});

/** The machine and software a run happened on. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type SystemInfo = z.output<typeof systemInfo>;

const scenarioInfo = looseObject({
  /** Scenario name (a slug). */
  name: z.string(),
  /** Its description. */
  description: z.string().nullable(),
  /** The file it was loaded from. */
  file: z.string(),
});

/** A scenario as it was run. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type ScenarioInfo = z.output<typeof scenarioInfo>;

/**
 * The `$schema` of the results.json files this version writes: `model/results.schema.json` as the
 * JSR package publishes it at this version (a version's files never change there), so an editor or
 * a validator that follows `$schema` checks a file against the schema it was written with.
 */
export const RESULTS_SCHEMA_URL: string =
  `https://jsr.io/${denoConfig.name}/${denoConfig.version}/model/results.schema.json`;

/** The zod schema of `results.json` (schemaVersion 1). */
export const resultsSchema = looseObject({
  /** The JSON Schema of this file ({@link RESULTS_SCHEMA_URL}); absent in files of pipespeed before 0.1.0. */
  $schema: z.string().optional(),
  /** Bumped on incompatible changes. */
  schemaVersion: z.literal(1),
  /** `<UTC timestamp>-<host>`. */
  runId: z.string(),
  /** ISO time the run started. */
  startedAt: z.string(),
  /** ISO time it ended, `null` while running or after a crash. */
  finishedAt: z.string().nullable(),
  /** Seed of the shuffled plan and of the bootstrap. */
  seed: count,
  /** Run options: quick mode, filter, and the fields `run` flags set in every case (absent: none). */
  options: looseObject({
    quick: z.boolean(),
    filter: z.string().nullable(),
    overrides: caseOverridesSchema.optional(),
  }),
  /** The machine. */
  system: systemInfo,
  /** The scenarios run. */
  scenarios: z.array(scenarioInfo),
  /** Every case with its samples and statistics. */
  cases: z.array(caseResult),
  /** Run-wide warnings. */
  warnings: z.array(z.string()),
  /** True when the run stopped early (Ctrl-C, or resumed later). */
  interrupted: z.boolean(),
}).meta({
  title: "pipespeed results",
  description: "results.json written by `pipespeed run`: system metadata, cases, samples and statistics.",
});

/** The contents of `results.json`. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type Results = z.output<typeof resultsSchema>;

/** The published JSON Schema of `results.json`. */
export function resultsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(resultsSchema, { target: "draft-07", io: "input" }) as Record<string, unknown>;
}

/**
 * Checks that `value` is a results document; returns it typed (case fields added since it was
 * written filled in with their defaults), or the problems as `path: message` lines (at most 10).
 *
 * @example
 * ```ts
 * const checked = checkResults(JSON.parse(text));
 * if (!checked.ok) console.error(checked.problems.join("\n"));
 * ```
 */
export function checkResults(value: unknown): { ok: true; results: Results } | { ok: false; problems: string[] } {
  const parsed = resultsSchema.safeParse(value);
  if (parsed.success) {
    // The document itself, not zod's copy: the parsed copy would drop the fields it does not know.
    // A case field added since the file was written gets its default, what the file measured (so
    // that an older file compares with a newer one): the document is completed in place.
    const results = value as Results;
    parsed.data.cases.forEach((c, index) => {
      const params = results.cases[index].params as Record<string, unknown>;
      for (const [key, stored] of Object.entries(c.params)) if (params[key] === undefined) params[key] = stored;
    });
    return { ok: true, results };
  }
  const problems = parsed.error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.map((part) => typeof part === "number" ? `[${part}]` : `.${String(part)}`).join("")
      .replace(/^\./, "");
    return `${path || "(top level)"}: ${issue.message}`;
  });
  if (parsed.error.issues.length > 10) problems.push(`… and ${parsed.error.issues.length - 10} more`);
  return { ok: false, problems };
}
