import { runOnce } from "../../bench/runner.ts";
import { CASE_DEFAULTS } from "../../scenario/scenario.ts";
import type { CaseParams } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const MiB = 1024 * 1024;

function params(overrides: Partial<CaseParams>): CaseParams {
  return {
    ...CASE_DEFAULTS,
    bufferOffset: 0,
    writer: "splice",
    reader: "splice",
    bytes: 8 * MiB,
    duration: 0,
    repetitions: 1,
    warmup: 0,
    ...overrides,
  };
}

Deno.test("writer splice: a memory file spliced into the pipe gives a sample", async () => {
  const outcome = await runOnce(params({}), { warmupBytes: MiB });
  assert(outcome.ok, JSON.stringify(outcome));
  assert(outcome.sample.bytes >= 8 * MiB, `${outcome.sample.bytes} bytes`);
  assertEquals(outcome.sample.writer!.hugePages, { requestedBytes: 0, backedBytes: 0 });
});

Deno.test("writer splice with collapse: the memory file is huge pages (MADV_COLLAPSE, reported from smaps)", async () => {
  const outcome = await runOnce(params({ collapse: true, bufferSize: 2 * MiB, reader: "read" }), {
    warmupBytes: MiB,
  });
  assert(outcome.ok, JSON.stringify(outcome));
  assertEquals(outcome.sample.writer!.hugePages, { requestedBytes: 2 * MiB, backedBytes: 2 * MiB });
});

Deno.test("reader read with consume: checksum, and splice into a memfd sink, each give samples", async () => {
  for (const overrides of [{ reader: "read", consume: "checksum" }, { sink: "memfd" }] as const) {
    const outcome = await runOnce(params({ writer: "vmsplice", ...overrides }), { warmupBytes: MiB });
    assert(outcome.ok, JSON.stringify(outcome));
    assert(outcome.sample.bytes >= 8 * MiB, `${outcome.sample.bytes} bytes`);
  }
});

Deno.test("reader splice into a socket: a consumer thread reads every byte (plain and checksummed), samples given", async () => {
  for (const consume of ["none", "checksum"] as const) {
    const outcome = await runOnce(params({ writer: "vmsplice", sink: "socket", consume }), { warmupBytes: MiB });
    assert(outcome.ok, JSON.stringify(outcome));
    assert(outcome.sample.bytes >= 8 * MiB, `${outcome.sample.bytes} bytes`);
  }
  // A memfd source into a socket: the other new source with the new sink.
  const outcome = await runOnce(params({ sink: "socket", bufferSize: 2 * MiB }), { warmupBytes: MiB });
  assert(outcome.ok, JSON.stringify(outcome));
});

Deno.test("reader splice into a socket: a consumer that stops early fails the run, saying so", async () => {
  const outcome = await runOnce(params({ writer: "vmsplice", sink: "socket" }), {
    warmupBytes: MiB,
    sinkStopAfter: 2 * MiB,
  });
  assert(!outcome.ok, "the run must fail");
  assertEquals(outcome.failure.side, "reader");
  assertIncludes(outcome.failure.reason, "sink: socket: the consumer stopped after reading 2097152 bytes");
});

Deno.test("writer sendfile: a memory file sent with sendfile(2) gives samples (blocking, busy, collapsed)", async () => {
  for (const overrides of [{}, { busyLoop: true }, { collapse: true, bufferSize: 2 * MiB }] as const) {
    const outcome = await runOnce(params({ writer: "sendfile", ...overrides }), { warmupBytes: MiB });
    assert(outcome.ok, JSON.stringify(outcome));
    assert(outcome.sample.bytes >= 8 * MiB, `${outcome.sample.bytes} bytes`);
    if ("collapse" in overrides) {
      assertEquals(outcome.sample.writer!.hugePages, { requestedBytes: 2 * MiB, backedBytes: 2 * MiB });
    }
  }
});

Deno.test("reader splice with a tee stage: a consumer drains the second pipe, every byte; samples given", async () => {
  for (
    const overrides of [{}, { consume: "checksum", busyLoop: true }, { sink: "socket" }, { sink: "memfd" }] as const
  ) {
    const outcome = await runOnce(params({ writer: "vmsplice", tee: true, ...overrides }), { warmupBytes: MiB });
    assert(outcome.ok, `${JSON.stringify(overrides)}: ${JSON.stringify(outcome)}`);
    assert(outcome.sample.bytes >= 8 * MiB, `${outcome.sample.bytes} bytes`);
  }
});

Deno.test("reader splice with a tee stage: a consumer that stops early fails the run, saying so", async () => {
  const outcome = await runOnce(params({ writer: "vmsplice", tee: true }), {
    warmupBytes: MiB,
    sinkStopAfter: 2 * MiB,
  });
  assert(!outcome.ok, "the run must fail");
  assertIncludes(outcome.failure.reason, "tee: the consumer stopped after reading");
});
