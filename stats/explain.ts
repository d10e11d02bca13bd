/**
 * The cost model of a case (`cases[].explain`): what moving a GiB cost each side (CPU seconds,
 * wake-ups, page faults, from the samples' rusage), how many times the CPU copied each byte (one
 * rule per endpoint kind), and the ceiling the calibration allows: each side's modelled seconds
 * per GiB from the copy bandwidth and the per-call and per-page costs, the slower side bounding
 * the pipe. Pure arithmetic, no I/O.
 *
 * @example
 * ```ts
 * const explain = explainCase(result, results.system.calibration);
 * console.log(explain.fractionOfCeiling);
 * ```
 *
 * @module
 */
import type { Calibration, Explain } from "../model/calibration-schema.ts";
import type { ENDPOINT_MODES } from "../model/fields.ts";
import { GIB_BYTES } from "../model/sizes.ts";
import type { CaseResult } from "../model/types.ts";

/** A built-in writer kind (`write`, `vmsplice`, `splice` or `sendfile` from a memfd). */
export type WriterKind = (typeof ENDPOINT_MODES.writer)[number];
/** A built-in reader kind (`read`, `splice`). */
export type ReaderKind = (typeof ENDPOINT_MODES.reader)[number];

/**
 * Copies of each byte by the CPU, one rule per endpoint kind: `write` copies the buffer into pipe
 * pages, `read` copies them out; `vmsplice` hands the buffer's pages to the pipe and `splice`
 * moves page references, neither copies (a `splice` writer hands the memfd's page-cache pages to the
 * pipe, no copy either; `sendfile` into a pipe is served by the same splice). What a splice
 * reader's sink adds is in {@link sinkCopiesPerByte}. A new kind must say its number here (the
 * compiler asks).
 */
export const COPIES_PER_BYTE: { writer: Record<WriterKind, number>; reader: Record<ReaderKind, number> } = {
  writer: { write: 1, vmsplice: 0, splice: 0, sendfile: 0 },
  reader: { read: 1, splice: 0 },
};

/**
 * The copies a splice reader's sink and stages add, all on the reader's CPU (its consumer threads
 * share the process's pinning): `sink: memfd` copies each byte into the memory file's pages; the
 * consumer of `sink: socket` copies it out of the socket with `read(2)` (the splice into the
 * socket hands it the pipe's pages); a `tee` stage's consumer reads the second pipe, one copy more.
 * `consume: checksum` reads the bytes again but copies nothing, so it adds no copy.
 */
export function sinkCopiesPerByte(params: Pick<CaseResult["params"], "reader" | "sink" | "tee">): number {
  if (params.reader !== "splice") return 0;
  const sink = params.sink === "memfd" || params.sink === "socket" ? 1 : 0;
  return sink + (params.tee ? 1 : 0);
}

/** Page size the per-page probes count in (bytes). */
const PAGE_BYTES = 4096;

type Side = "writer" | "reader";

/** Usage totals of one side over a case's samples, and the bytes they moved. */
function totals(result: CaseResult, side: Side) {
  let bytes = 0;
  const sum = { user: 0, system: 0, voluntary: 0, involuntary: 0, faults: 0 };
  for (const sample of result.samples) {
    const report = sample[side];
    if (report === null) continue;
    bytes += sample.bytes;
    sum.user += report.usage.userSeconds;
    sum.system += report.usage.systemSeconds;
    sum.voluntary += report.usage.voluntaryContextSwitches;
    sum.involuntary += report.usage.involuntaryContextSwitches;
    sum.faults += report.usage.minorPageFaults + report.usage.majorPageFaults;
  }
  return bytes === 0 ? null : { bytes, gib: bytes / GIB_BYTES, ...sum };
}

/** The copy bandwidth measured at the size nearest `bytes` (on a log scale), GiB/s. */
export function copyBandwidthAt(calibration: Calibration, bytes: number): number {
  let best = calibration.copyDramGibPerSecond;
  let distance = Infinity;
  for (const probe of calibration.copyGibPerSecond) {
    const d = Math.abs(Math.log(probe.bytes / bytes));
    if (d < distance) [best, distance] = [probe, d];
  }
  return best.value;
}

/**
 * One side's modelled seconds per GiB, from the calibration: a copying kind pays its copies at
 * the copy bandwidth of its buffer size plus one pipe call (half a 1-byte write+read) per buffer;
 * vmsplice and splice pay their cost per page (from huge pages when the case has them). `null`
 * for an external program.
 */
export function modelledSecondsPerGib(
  side: Side,
  kind: string,
  params: CaseResult["params"],
  calibration: Calibration,
): number | null {
  const bytesPerGib = GIB_BYTES;
  if (kind === "write" || kind === "read") {
    const copies = side === "writer" ? COPIES_PER_BYTE.writer.write : COPIES_PER_BYTE.reader.read;
    const copySeconds = copies / copyBandwidthAt(calibration, params.bufferSize);
    const callSeconds = (calibration.pipeWriteReadSeconds.value / 2) * (bytesPerGib / params.bufferSize);
    return copySeconds + callSeconds;
  }
  if (kind === "vmsplice") {
    const page = params.hugePages ? calibration.vmspliceHugePageSeconds : calibration.vmsplicePageSeconds;
    return page.value * (bytesPerGib / PAGE_BYTES);
  }
  // sendfile into a pipe is served by splicing the file's pages (fs/splice.c): splice's per-page cost.
  if (kind === "splice" || kind === "sendfile") {
    const page = params.hugePages ? calibration.spliceHugePageSeconds : calibration.splicePageSeconds;
    // A splice reader's sink and stages copy on its CPU: at the copy bandwidth of a buffer.
    const sinkCopies = side === "reader" ? sinkCopiesPerByte(params) : 0;
    return page.value * (bytesPerGib / PAGE_BYTES) + sinkCopies / copyBandwidthAt(calibration, params.bufferSize);
  }
  return null;
}

const CEILING_METHOD = "each side's seconds per GiB from the calibration: write/read, copies at the memcpy bandwidth " +
  "of the buffer size plus half a 1-byte pipe write+read per buffer; vmsplice/splice, the per-page cost (huge-page " +
  "probe when the case has huge pages), plus a splice reader's sink copies (memfd, socket consumer, tee consumer) at the " +
  "memcpy bandwidth; the sides run in parallel, so the slower one bounds the pipe: " +
  "ceiling = 1 / max(writer, reader)";

function kindOf(endpoint: string | { command: string[] }): string | null {
  return typeof endpoint === "string" ? endpoint : null;
}

/**
 * The cost model of one case. Without a calibration (an older results file) the ceiling and the
 * fraction are `null`; the measured costs are there whenever the case has samples.
 */
export function explainCase(result: CaseResult, calibration: Calibration | undefined): Explain {
  const sides = { writer: totals(result, "writer"), reader: totals(result, "reader") };
  const perSide = <T>(make: (t: NonNullable<ReturnType<typeof totals>>) => T) => ({
    writer: sides.writer === null ? null : make(sides.writer),
    reader: sides.reader === null ? null : make(sides.reader),
  });
  const writerKind = kindOf(result.params.writer);
  const readerKind = kindOf(result.params.reader);
  const writerCopies = writerKind === null ? null : COPIES_PER_BYTE.writer[writerKind as WriterKind] ?? null;
  const readerKindCopies = readerKind === null ? null : COPIES_PER_BYTE.reader[readerKind as ReaderKind] ?? null;
  const readerCopies = readerKindCopies === null ? null : readerKindCopies + sinkCopiesPerByte(result.params);
  const modelled = (side: Side, kind: string | null) =>
    calibration === undefined || kind === null ? null : modelledSecondsPerGib(side, kind, result.params, calibration);
  const writerSeconds = modelled("writer", writerKind);
  const readerSeconds = modelled("reader", readerKind);
  const slowest = writerSeconds === null || readerSeconds === null ? null : Math.max(writerSeconds, readerSeconds);
  const ceiling = slowest === null || slowest <= 0 ? null : 1 / slowest;
  const median = result.stats?.throughputGibPerSecond.median ?? null;
  return {
    cpuSecondsPerGiB: perSide((t) => ({
      user: t.user / t.gib,
      system: t.system / t.gib,
      total: (t.user + t.system) / t.gib,
    })),
    contextSwitchesPerGiB: perSide((t) => ({
      voluntary: t.voluntary / t.gib,
      involuntary: t.involuntary / t.gib,
      bytesPerWakeup: t.voluntary > 0 ? t.bytes / t.voluntary : null,
    })),
    pageFaultsPerGiB: perSide((t) => t.faults / t.gib),
    copiesPerByte: {
      writer: writerCopies,
      reader: readerCopies,
      total: writerCopies === null || readerCopies === null ? null : writerCopies + readerCopies,
    },
    ceilingGibPerSecond: ceiling,
    fractionOfCeiling: ceiling === null || median === null ? null : median / ceiling,
    ceiling: {
      writerSecondsPerGiB: writerSeconds,
      readerSecondsPerGiB: readerSeconds,
      limitedBy: slowest === null ? null : writerSeconds! >= readerSeconds! ? "writer" : "reader",
      method: CEILING_METHOD,
    },
  };
}
