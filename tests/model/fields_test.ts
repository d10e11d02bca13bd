/**
 * Tests of model/fields.ts, the case fields' table, and of what derives from it (model/params.ts): defaults, the
 * canonical order, labels, the Deno endpoints' configuration and the C endpoint's arguments
 * (each checked against the field-by-field code it replaced).
 */
import { CASE_FIELDS, defaultBufferOffset } from "../../model/fields.ts";
import {
  CASE_DEFAULTS,
  type CaseParams,
  copyParams,
  type EndpointFields,
  FIELD_NAMES,
  fieldLabel,
  flagWords,
  isDefaultValue,
  withDefaults,
} from "../../model/params.ts";
import { readerConfig, writerConfig } from "../../bench/endpoint/config.ts";
import type { ReaderConfig, WriterConfig } from "../../bench/endpoint/protocol.ts";
import { nativeCommands } from "../../native/commands.ts";
import { assert, assertEquals } from "../helpers.ts";

const GIB = 1024 ** 3;

/** The defaults as they were written out before the table. */
const BLOG_DEFAULTS: CaseParams = {
  writer: "write",
  reader: "read",
  consume: "none",
  sink: "null",
  tee: false,
  hugePages: false,
  collapse: false,
  busyLoop: false,
  poll: false,
  gift: false,
  lockMemory: false,
  touchPages: true,
  sameBuffer: false,
  vmspliceBuffers: "halves",
  bufferSize: 256 * 1024,
  bufferOffset: 16,
  pipeSize: null,
  bytes: GIB,
  duration: 1,
  repetitions: 5,
  warmup: 1,
  schedule: "runs",
  precision: null,
  maxTime: 600,
  writers: 1,
  readers: 1,
  cpus: { writer: 0, reader: 1 },
  verify: false,
  measure: "throughput",
  messageSize: null,
  roundTrips: null,
  rate: null,
  messages: null,
};

function sortedKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

Deno.test("the table lists every case field once, in the order of params", () => {
  assertEquals([...FIELD_NAMES], Object.keys(BLOG_DEFAULTS));
  assertEquals(Object.keys(CASE_FIELDS), Object.keys(BLOG_DEFAULTS));
});

Deno.test("defaults: every field but the endpoints and the derived bufferOffset, frozen", () => {
  const { writer: _w, reader: _r, bufferOffset: _o, ...plain } = BLOG_DEFAULTS;
  assertEquals(CASE_DEFAULTS, plain);
  assert(Object.isFrozen(CASE_DEFAULTS) && Object.isFrozen(CASE_DEFAULTS.cpus), "frozen");
});

Deno.test("withDefaults fills plain and derived defaults in canonical order, detached", () => {
  assertEquals(withDefaults({ writer: "write", reader: "read" }), BLOG_DEFAULTS);
  assertEquals(withDefaults({ reader: "splice", writer: "vmsplice", hugePages: true }).bufferOffset, 0);
  assertEquals(withDefaults({ writer: "write", reader: "read", hugePages: true, bufferOffset: 8 }).bufferOffset, 8);
  const copy = copyParams(BLOG_DEFAULTS);
  copy.cpus!.writer = 7;
  assertEquals(BLOG_DEFAULTS.cpus, { writer: 0, reader: 1 });
  assertEquals(defaultBufferOffset(false), 16);
});

Deno.test("labels follow the unit, or the field's own label", () => {
  const params = withDefaults({ writer: { command: ["cat", "/dev/zero"] }, reader: "read", pipeSize: 65536 });
  assertEquals(fieldLabel("writer", params), "cat /dev/zero");
  assertEquals(fieldLabel("bufferSize", params), "256KiB");
  assertEquals(fieldLabel("pipeSize", params), "64KiB");
  assertEquals(fieldLabel("pipeSize", BLOG_DEFAULTS), "default");
  assertEquals(fieldLabel("duration", params), "1s");
  assertEquals(fieldLabel("cpus", params), "0,1");
  assertEquals(fieldLabel("cpus", { ...params, cpus: null }), "none");
  assertEquals(fieldLabel("bufferOffset", params), "16");
  assertEquals(fieldLabel("hugePages", params), "false");
  assert(isDefaultValue("bufferOffset", params));
  assert(!isDefaultValue("bufferOffset", { ...params, hugePages: true }));
});

/** The endpoint configuration as bench/endpoint/config.ts built it field by field. */
function expectedConfigs(params: CaseParams, warmupBytes: number, verifyTag: number | null) {
  const common = (side: "writer" | "reader") => ({
    bufferSize: params.bufferSize,
    bufferOffset: params.bufferOffset,
    hugePages: params.hugePages,
    busyLoop: params.busyLoop,
    poll: params.poll,
    gift: params.gift,
    lockMemory: params.lockMemory,
    touchPages: params.touchPages,
    cpu: params.cpus?.[side] ?? null,
    warmupBytes,
    verifyTag,
    parentPid: Deno.pid,
  });
  return {
    writer: {
      ...common("writer"),
      mode: params.writer,
      collapse: params.collapse,
      sameBuffer: params.sameBuffer,
      vmspliceBuffers: params.vmspliceBuffers,
      pipeSize: params.pipeSize,
    },
    reader: {
      ...common("reader"),
      mode: params.reader,
      consume: params.consume,
      sink: params.sink,
      tee: params.tee,
      bytes: params.bytes,
      minSeconds: params.duration,
    },
  };
}

Deno.test("the endpoints' configuration carries the fields the table sends to each side", () => {
  const cases: CaseParams[] = [
    BLOG_DEFAULTS,
    withDefaults({
      writer: "vmsplice",
      reader: "splice",
      hugePages: true,
      busyLoop: true,
      gift: true,
      sameBuffer: true,
      vmspliceBuffers: "whole",
      pipeSize: 131072,
      cpus: { writer: 2, reader: 3 },
      duration: 0.5,
    }),
    withDefaults({ writer: "write", reader: "read", cpus: null, lockMemory: true, touchPages: false, poll: true }),
  ];
  for (const params of cases) {
    const expected = expectedConfigs(params, 1234, 99);
    assertEquals(sortedKeys(writerConfig(params, 1234, 99)), sortedKeys(expected.writer));
    assertEquals(sortedKeys(readerConfig(params, 1234, 99)), sortedKeys(expected.reader));
  }
  const external = withDefaults({ writer: { command: ["cat"] }, reader: "read" });
  let thrown = "";
  try {
    writerConfig(external, 0);
  } catch (error) {
    thrown = (error as Error).message;
  }
  assertEquals(thrown, "external writers have no writer config");
  assertEquals(readerConfig(external, 0).mode, "read");
});

Deno.test("the derived configuration types keep the protocol's keys", () => {
  // Compile-time checks: each line fails `deno check` if the derivation drifts.
  const writerKeys: (keyof WriterConfig)[] = [
    "mode",
    "sameBuffer",
    "vmspliceBuffers",
    "pipeSize",
    "cpu",
    "bufferOffset",
    "verifyTag",
  ];
  const readerKeys: (keyof ReaderConfig)[] = ["mode", "bytes", "minSeconds", "cpu", "bufferSize"];
  const mode: WriterConfig["mode"] = "vmsplice";
  const cpu: ReaderConfig["cpu"] = null;
  // @ts-expect-error: the writer is not told how many bytes to measure
  const bytes: EndpointFields<"writer">["bytes"] = 0;
  // @ts-expect-error: external programs have no configuration
  const command: WriterConfig["mode"] = { command: ["cat"] };
  assertEquals([writerKeys.length, readerKeys.length, mode, cpu, bytes, typeof command], [
    7,
    5,
    "vmsplice",
    null,
    0,
    "object",
  ]);
});

/** The C endpoint's argv as native/commands.ts built it field by field. */
function expectedNative(binary: string, params: CaseParams) {
  const flags = [...(params.hugePages ? ["--huge"] : []), ...(params.busyLoop ? ["--busy"] : [])];
  const buffer = ["--buf", String(params.bufferSize), "--offset", String(params.bufferOffset)];
  return {
    writer: [
      binary,
      "write",
      ...(params.writer === "vmsplice" ? ["--vmsplice"] : []),
      ...flags,
      ...(params.sameBuffer ? ["--same-buffer"] : []),
      ...(params.vmspliceBuffers === "whole" ? ["--whole"] : []),
      ...buffer,
    ],
    reader: [
      binary,
      "read",
      ...(params.reader === "splice" ? ["--splice"] : []),
      ...flags,
      ...buffer,
      "--bytes",
      String(params.bytes),
      "--min-seconds",
      String(params.duration),
    ],
  };
}

Deno.test("the C endpoint's arguments come from the table's native rules", () => {
  for (
    const params of [
      BLOG_DEFAULTS,
      withDefaults({ writer: "vmsplice", reader: "splice", hugePages: true, busyLoop: true, duration: 0.25 }),
      withDefaults({ writer: "write", reader: "splice", bufferOffset: 100, bytes: 12345 }),
      withDefaults({ writer: "vmsplice", reader: "read", vmspliceBuffers: "whole", sameBuffer: true }),
    ]
  ) {
    assertEquals(nativeCommands("/bin/pe", params), expectedNative("/bin/pe", params));
  }
});

Deno.test("the sink and the tee stage are named in case labels: a word per sink value, `tee` as a flag", () => {
  const words = (values: Partial<CaseParams>) =>
    flagWords(withDefaults({ writer: "vmsplice", reader: "splice", ...values }));
  assertEquals(words({}), []);
  assertEquals(words({ sink: "memfd" }), ["into memfd"]);
  assertEquals(words({ sink: "socket", tee: true }), ["into socket", "tee"]);
  assertEquals(words({ sink: "socket", consume: "checksum" }), ["checksum", "into socket"]);
});

Deno.test("the C endpoint refuses a tee stage and a socket sink, saying why", () => {
  for (
    const [values, why] of [[{ tee: true }, "tee: true: the C endpoint's reader has no tee stage"], [
      { sink: "socket" },
      "sink: socket: the C endpoint's reader splices to /dev/null only",
    ]] as const
  ) {
    let message = "";
    try {
      nativeCommands("pipe-endpoint", withDefaults({ writer: "vmsplice", reader: "splice", ...values }));
    } catch (error) {
      message = (error as Error).message;
    }
    assertEquals(message, why);
  }
});
