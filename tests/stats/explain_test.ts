/** The cost model's arithmetic (stats/explain.ts), on hand-made samples and calibration. */
import type { Calibration } from "../../model/calibration-schema.ts";
import { ENDPOINT_MODES } from "../../model/fields.ts";
import { withDefaults } from "../../model/params.ts";
import type { CaseParams, CaseResult, Sample, SideReport } from "../../model/types.ts";
import { COPIES_PER_BYTE, copyBandwidthAt, explainCase } from "../../stats/explain.ts";
import { assert, assertEquals } from "../helpers.ts";

const GIB = 1024 ** 3;

function side(user: number, system: number, voluntary: number, faults = 0): SideReport {
  return {
    usage: {
      userSeconds: user,
      systemSeconds: system,
      voluntaryContextSwitches: voluntary,
      involuntaryContextSwitches: 2,
      minorPageFaults: faults,
      majorPageFaults: 0,
    },
    hugePages: { requestedBytes: 0, backedBytes: 0 },
    cpu: 0,
  };
}

function sample(bytes: number, writer: SideReport | null, reader: SideReport): Sample {
  return {
    run: 0,
    repetition: 0,
    bytes,
    seconds: 1,
    gibPerSecond: bytes / GIB,
    warmupBytes: 0,
    pipeSize: 65536,
    wallSeconds: 1.2,
    reader,
    writer,
  };
}

function caseOf(params: Partial<CaseParams>, samples: Sample[], median: number | null = 2): CaseResult {
  const stats = median === null ? null : {
    throughputGibPerSecond: {
      n: 1,
      median,
      mean: median,
      stddev: 0,
      min: median,
      max: median,
      cv: 0,
      ci95Low: median,
      ci95High: median,
    },
    outliers: [],
  };
  return {
    id: "t/c",
    name: "c",
    scenario: "t",
    params: withDefaults({ writer: "write", reader: "read", ...params }),
    samples,
    failures: [],
    stats,
    warnings: [],
  };
}

const probe = (value: number) => ({ value, method: "test" });

/** Round numbers: copy 16 GiB/s at 256 KiB, a write+read pair 2 µs, pages 64 ns (4 KiB) and 16 ns (huge) each way. */
function calibration(): Calibration {
  return {
    version: 1,
    measuredAt: "2026-01-01T00:00:00Z",
    fromCache: false,
    bootId: "b",
    kernelRelease: "6.8.0",
    cpus: { writer: 0, reader: 1 },
    seconds: 1,
    copyGibPerSecond: [{ ...probe(16), bytes: 256 * 1024 }, { ...probe(32), bytes: 16 * 1024 }],
    copyDramGibPerSecond: { ...probe(8), bytes: 64 * 1024 ** 2 },
    syscallSeconds: probe(100e-9),
    pipeWriteReadSeconds: probe(2e-6),
    wakeupRoundTripSeconds: probe(24e-6),
    vmsplicePageSeconds: probe(64e-9),
    vmspliceHugePageSeconds: probe(16e-9),
    splicePageSeconds: probe(64e-9),
    spliceHugePageSeconds: probe(16e-9),
  };
}

Deno.test("explain: CPU seconds, wake-ups and faults per GiB are totals over the samples divided by the GiB moved", () => {
  const result = caseOf({}, [
    sample(GIB, side(0.1, 0.3, 1000, 10), side(0.2, 0.2, 3000)),
    sample(3 * GIB, side(0.3, 0.9, 3000, 30), side(0.2, 0.6, 1000)),
  ]);
  const explain = explainCase(result, undefined);
  const writerCpu = explain.cpuSecondsPerGiB.writer!;
  assertEquals(writerCpu.user.toFixed(6), "0.100000");
  assertEquals(writerCpu.system.toFixed(6), "0.300000");
  assertEquals(writerCpu.total.toFixed(6), "0.400000");
  assertEquals(explain.cpuSecondsPerGiB.reader!.total.toFixed(6), "0.300000");
  assertEquals(explain.contextSwitchesPerGiB.writer!.voluntary, 1000);
  assertEquals(explain.contextSwitchesPerGiB.writer!.involuntary, 1);
  assertEquals(explain.contextSwitchesPerGiB.reader!.bytesPerWakeup, (4 * GIB) / 4000);
  assertEquals(explain.pageFaultsPerGiB.writer, 10);
  assertEquals(explain.ceilingGibPerSecond, null, "no calibration, no ceiling");
  assertEquals(explain.fractionOfCeiling, null);
});

Deno.test("explain: copies per byte from the kinds: write/read 2, vmsplice/read 1, vmsplice/splice 0", () => {
  const copies = (writer: "write" | "vmsplice", reader: "read" | "splice") =>
    explainCase(caseOf({ writer, reader }, []), undefined).copiesPerByte.total;
  assertEquals(copies("write", "read"), 2);
  assertEquals(copies("vmsplice", "read"), 1);
  assertEquals(copies("write", "splice"), 1);
  assertEquals(copies("vmsplice", "splice"), 0);
  // One rule per kind of the field table, none missing.
  assertEquals(Object.keys(COPIES_PER_BYTE.writer).sort(), [...ENDPOINT_MODES.writer].sort());
  assertEquals(Object.keys(COPIES_PER_BYTE.reader).sort(), [...ENDPOINT_MODES.reader].sort());
  const external = explainCase(caseOf({ writer: { command: ["cat"] } }, []), calibration());
  assertEquals(external.copiesPerByte, { writer: null, reader: 1, total: null });
  assertEquals(external.ceilingGibPerSecond, null);
});

Deno.test("explain: write/read ceiling = copy bandwidth and one pipe call per buffer, the slower side bounding", () => {
  const result = caseOf({}, [sample(GIB, side(0, 1, 0), side(0, 1, 0))], 4);
  const explain = explainCase(result, calibration());
  // Per side: 1/16 s per GiB to copy, plus 1 µs per 256 KiB call × 4096 calls = 4.096 ms.
  const perSide = 1 / 16 + 1e-6 * 4096;
  assertEquals(explain.ceiling.writerSecondsPerGiB!.toFixed(9), perSide.toFixed(9));
  assertEquals(explain.ceiling.readerSecondsPerGiB!.toFixed(9), perSide.toFixed(9));
  assertEquals(explain.ceilingGibPerSecond!.toFixed(6), (1 / perSide).toFixed(6));
  assertEquals(explain.fractionOfCeiling!.toFixed(6), (4 * perSide).toFixed(6));
});

Deno.test("explain: vmsplice/splice ceiling from the per-page costs, huge-page probes with huge pages", () => {
  const pagesPerGib = GIB / 4096;
  const small = explainCase(caseOf({ writer: "vmsplice", reader: "splice" }, [], 10), calibration());
  assertEquals(small.ceiling.writerSecondsPerGiB!.toFixed(9), (64e-9 * pagesPerGib).toFixed(9));
  assertEquals(small.ceilingGibPerSecond!.toFixed(6), (1 / (64e-9 * pagesPerGib)).toFixed(6));
  const huge = explainCase(caseOf({ writer: "vmsplice", reader: "splice", hugePages: true }, [], 10), calibration());
  assertEquals(huge.ceilingGibPerSecond!.toFixed(6), (1 / (16e-9 * pagesPerGib)).toFixed(6));
  // vmsplice → read: the reader's copy is the slower side.
  const mixed = explainCase(caseOf({ writer: "vmsplice", reader: "read" }, [], 10), calibration());
  assertEquals(mixed.ceiling.limitedBy, "reader");
});

Deno.test("explain: the copy bandwidth of the nearest measured size", () => {
  assertEquals(copyBandwidthAt(calibration(), 256 * 1024), 16);
  assertEquals(copyBandwidthAt(calibration(), 8 * 1024), 32);
  assertEquals(copyBandwidthAt(calibration(), 1024 ** 2), 16);
  assert(copyBandwidthAt({ ...calibration(), copyGibPerSecond: [] }, 4096) === 8, "DRAM when nothing else");
});

Deno.test("explain: a case without samples has no per-side costs and no fraction", () => {
  const explain = explainCase(caseOf({}, [], null), calibration());
  assertEquals(explain.cpuSecondsPerGiB, { writer: null, reader: null });
  assertEquals(explain.fractionOfCeiling, null);
  assert(explain.ceilingGibPerSecond !== null, "the ceiling needs no samples");
});

Deno.test("explain: a splice reader's sink and tee stage count their copies, on the reader's side of the ceiling", () => {
  const explain = (params: Partial<CaseParams>) => explainCase(caseOf(params, []), calibration());
  const plain = explain({ writer: "vmsplice", reader: "splice" });
  const copies = (params: Partial<CaseParams>) => explain(params).copiesPerByte;
  assertEquals(copies({ writer: "vmsplice", reader: "splice", sink: "memfd" }), { writer: 0, reader: 1, total: 1 });
  assertEquals(copies({ writer: "vmsplice", reader: "splice", sink: "socket" }), { writer: 0, reader: 1, total: 1 });
  assertEquals(copies({ writer: "vmsplice", reader: "splice", sink: "socket", tee: true }).total, 2);
  assertEquals(copies({ writer: "vmsplice", reader: "splice", tee: true }).total, 1);
  assertEquals(
    copies({ writer: "vmsplice", reader: "read", consume: "checksum" }).total,
    1,
    "a checksum copies nothing",
  );
  // The reader's modelled time grows by a copy at the buffer's bandwidth, so the ceiling is lower.
  const socket = explain({ writer: "vmsplice", reader: "splice", sink: "socket" });
  assert(
    socket.ceiling.readerSecondsPerGiB! > plain.ceiling.readerSecondsPerGiB!,
    `${socket.ceiling.readerSecondsPerGiB} > ${plain.ceiling.readerSecondsPerGiB}`,
  );
});
