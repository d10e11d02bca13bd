/**
 * The last step of a contention run: each endpoint's result line read and checked, the bytes
 * counted on both sides (the readers must have got exactly what the writers sent, warm-up
 * included), and the sample made — the readers' bytes together over the span of their clocks (the
 * first reader's start to the last one's last byte) as the case's throughput, and beside it each
 * endpoint's bytes over that same span and each side's fairness on those bytes.
 *
 * Private to the runner.
 *
 * @module
 */
import type { ContentionCpus } from "../model/contention.ts";
import { GIB_BYTES } from "../model/sizes.ts";
import type { CaseResult, ContentionReport, SideReport } from "../model/types.ts";
import { fairness } from "../stats/fairness.ts";
import { CONTENTION_RESULT_PREFIX, type ContentionResult } from "./endpoint/contention.ts";
import { failed, MAX_BYTES_PER_SECOND, type RunOutcome } from "./_outcome.ts";

/** A whole number, 0 or more. */
const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
/** A finite number, 0 or more. */
const isSeconds = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;

/** The endpoint's result line from its stderr, or why it is missing or not a measurement. */
export function parseContentionResult(stderr: string, side: "writer" | "reader"): ContentionResult | string {
  const line = stderr.split("\n").findLast((text) => text.startsWith(CONTENTION_RESULT_PREFIX));
  if (line === undefined) return "it printed no result line";
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line.slice(CONTENTION_RESULT_PREFIX.length));
  } catch {
    return "its result line is not JSON";
  }
  const usage = (value?.usage ?? {}) as Record<string, unknown>;
  const huge = (value?.hugePages ?? {}) as Record<string, unknown>;
  const checks: [string, unknown, (x: unknown) => boolean][] = [
    ["side", value?.side, (x) => x === side],
    ["bytes", value?.bytes, isCount],
    ["seconds", value?.seconds, (x) => isSeconds(x) && x > 0],
    ["startSeconds", value?.startSeconds, isSeconds],
    ["totalBytes", value?.totalBytes, isCount],
    ["warmupBytes", value?.warmupBytes, isCount],
    ["pipeSize", value?.pipeSize, isCount],
    ["usage.userSeconds", usage.userSeconds, isSeconds],
    ["usage.systemSeconds", usage.systemSeconds, isSeconds],
    ["hugePages.requestedBytes", huge.requestedBytes, isCount],
    ["hugePages.backedBytes", huge.backedBytes, isCount],
  ];
  const wrong = checks.find(([, x, ok]) => !ok(x));
  if (wrong !== undefined) return `its result has ${wrong[0]} ${wrong[1] === undefined ? "missing" : `= ${wrong[1]}`}`;
  const result = value as unknown as ContentionResult;
  if (result.bytes / result.seconds > MAX_BYTES_PER_SECOND) return "its result is faster than any pipe";
  if (result.bytes > result.totalBytes) return "it measured more bytes than it moved in all";
  return result;
}

/** The results of every endpoint, in order: writers, then readers. */
export interface EndpointResults {
  writers: ContentionResult[];
  readers: ContentionResult[];
}

/** One side's report in the sample: the endpoints' usage, huge pages and migrations added up. */
function sideTotal(results: readonly ContentionResult[], cpu: number | null): SideReport {
  const sum = (pick: (r: ContentionResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const migrations = results.every((r) => isCount(r.migrations)) ? sum((r) => r.migrations!) : undefined;
  return {
    usage: {
      userSeconds: sum((r) => r.usage.userSeconds),
      systemSeconds: sum((r) => r.usage.systemSeconds),
      voluntaryContextSwitches: sum((r) => r.usage.voluntaryContextSwitches),
      involuntaryContextSwitches: sum((r) => r.usage.involuntaryContextSwitches),
      minorPageFaults: sum((r) => r.usage.minorPageFaults),
      majorPageFaults: sum((r) => r.usage.majorPageFaults),
    },
    hugePages: {
      requestedBytes: sum((r) => r.hugePages.requestedBytes),
      backedBytes: sum((r) => r.hugePages.backedBytes),
    },
    cpu,
    ...(migrations === undefined ? {} : { migrations }),
  };
}

/**
 * Each endpoint's line of the report: its bytes over the run's common span (`seconds`, the case's),
 * so that the readers' throughputs add up to the case's and the writers' to what they sent over
 * that span; its own clock's span beside it (`ownSeconds`), which is shorter for an endpoint that
 * started late or stopped early and would make it look faster than it was.
 */
function endpointLines(results: readonly ContentionResult[], cpus: readonly (number | null)[], seconds: number) {
  return results.map((r, index) => ({
    cpu: cpus[index],
    bytes: r.bytes,
    seconds,
    gibPerSecond: r.bytes / seconds / GIB_BYTES,
    ownSeconds: r.seconds,
  }));
}

/**
 * The sample of a contention run, or the failure that its counts show: readers that did not get
 * exactly what the writers sent (bytes lost, or invented), or fewer bytes than the case asks for.
 */
export function contentionSample(
  results: EndpointResults,
  cpus: ContentionCpus,
  askedBytes: number,
  wallSeconds: number,
): RunOutcome {
  const { writers, readers } = results;
  const sent = writers.reduce((total, r) => total + r.totalBytes, 0);
  const received = readers.reduce((total, r) => total + r.totalBytes, 0);
  if (sent !== received) {
    return failed(
      "reader",
      `the readers got ${received} bytes in all and the writers sent ${sent}: ` +
        `${received < sent ? "bytes were lost" : "bytes came from nowhere"}`,
    );
  }
  const bytes = readers.reduce((total, r) => total + r.bytes, 0);
  if (bytes < askedBytes) {
    return failed("reader", `the readers measured ${bytes} bytes together, fewer than the ${askedBytes} asked for`);
  }
  // The readers' bytes all arrived between the first reader's start and the last one's end of file.
  const first = Math.min(...readers.map((r) => r.startSeconds));
  const last = Math.max(...readers.map((r) => r.startSeconds + r.seconds));
  const seconds = last - first;
  const report: ContentionReport = {
    writers: endpointLines(writers, cpus.writers, seconds),
    readers: endpointLines(readers, cpus.readers, seconds),
    // On the bytes, that is the shares of one span: never on rates over spans of their own.
    fairness: {
      writers: fairness(writers.map((w) => w.bytes)),
      readers: fairness(readers.map((r) => r.bytes)),
    },
    sharedCpus: cpus.shared,
  };
  return {
    ok: true,
    sample: {
      bytes,
      seconds,
      gibPerSecond: bytes / seconds / GIB_BYTES,
      warmupBytes: readers.reduce((total, r) => total + r.warmupBytes, 0),
      pipeSize: readers[0].pipeSize,
      wallSeconds,
      reader: sideTotal(readers, cpus.readers[0]),
      writer: sideTotal(writers, cpus.writers[0]),
      contention: report,
    },
  };
}

/**
 * The case's note when two of its endpoints shared a CPU (fewer allowed than endpoints, or
 * `cpus.writer` the same as `cpus.reader`), or `null`:
 * its throughput then includes their competition for the CPUs, not only for the pipe.
 */
export function sharedCpusWarning(c: CaseResult): string | null {
  const shared = c.samples.find((s) => s.contention?.sharedCpus === true)?.contention;
  if (shared === undefined) return null;
  const cpus = (side: ContentionReport["writers"]) => [...new Set(side.map((e) => e.cpu))].join(",");
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const who = `${count(shared.writers.length, "writer")} and ${count(shared.readers.length, "reader")}`;
  return `${who} shared CPUs (writers on CPU ${cpus(shared.writers)}, readers on CPU ${cpus(shared.readers)}): ` +
    "the throughput includes their competition for the CPUs, not only for the pipe";
}
