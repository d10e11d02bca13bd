import { fastCallProbe, TRACE_ENV } from "../../ffi/fastpath.ts";
import { finalizeResults } from "../../bench/results.ts";
import { runOnce } from "../../bench/runner.ts";
import { CASE_DEFAULTS } from "../../scenario/scenario.ts";
import type { CaseParams, Results, Sample } from "../../model/types.ts";
import type { FastPathCheck } from "../../native/fast-path-check.ts";
import { assert, assertEquals, assertIncludes, skipUnless } from "../helpers.ts";

const MiB = 1024 * 1024;
const SCRIPT = new URL("../../scripts/check-fast-path.ts", import.meta.url).pathname;

async function checkFastPath(args: string[]): Promise<{ code: number; checks: FastPathCheck[]; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-ffi", "--allow-env", SCRIPT, "--json", ...args],
    env: { [TRACE_ENV]: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout).trim();
  return {
    code: output.code,
    checks: stdout ? JSON.parse(stdout) : [],
    stderr: new TextDecoder().decode(output.stderr),
  };
}

Deno.test("every hot loop calls libc through V8's fast path once optimized, and the check can tell when not", async () => {
  if (skipUnless(fastCallProbe() !== null, `Deno ${Deno.version.deno} keeps no record of fast FFI calls`)) return;
  const warm = await checkFastPath([]);
  assertEquals(warm.code, 0, warm.stderr);
  assertEquals(warm.checks.map((c) => c.loop), [
    "writer:write",
    "reader:read",
    "writer:vmsplice",
    "reader:splice",
    "writer:write+busy",
    "reader:read+busy",
    "writer:vmsplice+busy",
    "reader:splice+busy",
  ]);
  for (const c of warm.checks) assertEquals(c.traced, c.symbol, c.loop);
  // Never optimized: the same calls go through the generic binding, and the check says so.
  const cold = await checkFastPath(["--warm-calls", "0"]);
  assertEquals(cold.code, 1, cold.stderr);
  assert(cold.checks.every((c) => !c.fast && c.traced === null), JSON.stringify(cold.checks));
});

function params(overrides: Partial<CaseParams>): CaseParams {
  return {
    ...CASE_DEFAULTS,
    writer: "vmsplice",
    reader: "splice",
    bufferOffset: 16,
    bytes: 64 * MiB,
    duration: 0,
    repetitions: 1,
    warmup: 0,
    ...overrides,
  };
}

Deno.test("a traced run reports, per Deno side, how many measured bytes took the fast path", async () => {
  if (skipUnless(fastCallProbe() !== null, `Deno ${Deno.version.deno} keeps no record of fast FFI calls`)) return;
  for (const [writer, reader] of [["write", "read"], ["vmsplice", "splice"]] as const) {
    const outcome = await runOnce(params({ writer, reader, busyLoop: true }), {
      warmupBytes: 8 * MiB,
      traceFastPath: true,
    });
    assert(outcome.ok, JSON.stringify(outcome));
    const { sample } = outcome;
    const readerPath = sample.reader.fastPath!;
    const writerPath = sample.writer!.fastPath!;
    assertEquals(readerPath.bytes, sample.bytes, "the reader accounts for every measured byte");
    assert(writerPath.bytes >= sample.bytes, `the writer sent at least what was measured: ${writerPath.bytes}`);
    for (const side of [readerPath, writerPath]) {
      assert(side.fastBytes <= side.bytes, JSON.stringify(side));
    }
  }
  const untraced = await runOnce(params({ bytes: 8 * MiB }), { warmupBytes: MiB });
  assert(untraced.ok, JSON.stringify(untraced));
  assertEquals(untraced.sample.reader.fastPath, undefined);
  assertEquals(untraced.sample.writer!.fastPath, undefined);
});

Deno.test("bytes moved through the slow path become a warning naming the side and the share", () => {
  const results: Results = JSON.parse(
    Deno.readTextFileSync(new URL("../fixtures/results/blog.json", import.meta.url)),
  );
  const c = results.cases[0];
  const traced = (sample: Sample, readerFast: number): Sample => ({
    ...sample,
    reader: { ...sample.reader, fastPath: { bytes: sample.bytes, fastBytes: readerFast } },
    writer: sample.writer && { ...sample.writer, fastPath: { bytes: sample.bytes, fastBytes: sample.bytes } },
  });
  c.samples = c.samples.map((s, i) => traced(s, i === 0 ? s.bytes / 2 : s.bytes));
  const total = c.samples.reduce((sum, s) => sum + s.bytes, 0);
  const share = Math.round(c.samples[0].bytes / 2 / total * 100);
  const warnings = finalizeResults(results).cases[0].warnings.filter((w) => w.includes("FFI path"));
  assertEquals(warnings.length, 1, JSON.stringify(warnings));
  assertIncludes(warnings[0], `${share}% of the reader's measured bytes went through V8's slow FFI path`);
  c.samples = c.samples.map((s) => traced(s, s.bytes));
  assertEquals(finalizeResults(results).cases[0].warnings.filter((w) => w.includes("FFI path")), []);
});

Deno.test("every measured byte of both Deno sides goes through the fast path: the warm-up optimizes the loops", async () => {
  if (skipUnless(fastCallProbe() !== null, `Deno ${Deno.version.deno} keeps no record of fast FFI calls`)) return;
  // Left to V8's counters, a blocking vmsplice→splice pair ran its first 100–500 MiB through the
  // generic binding: all of these 64 MiB would be slow. A busy loop meets EAGAIN, a branch the
  // warm-up may never have taken, and must be optimized again at once.
  for (
    const [writer, reader, busyLoop] of [["vmsplice", "splice", false], ["vmsplice", "splice", true], [
      "write",
      "read",
      false,
    ]] as const
  ) {
    const outcome = await runOnce(params({ writer, reader, busyLoop, bytes: 64 * MiB }), {
      warmupBytes: 8 * MiB,
      traceFastPath: true,
    });
    assert(outcome.ok, JSON.stringify(outcome));
    const { sample } = outcome;
    const what = `${writer}→${reader}${busyLoop ? " busy" : ""}`;
    assertEquals(sample.reader.fastPath!.fastBytes, sample.reader.fastPath!.bytes, `${what}: reader`);
    assertEquals(sample.writer!.fastPath!.fastBytes, sample.writer!.fastPath!.bytes, `${what}: writer`);
  }
});

Deno.test("a traced latency run reports, per side, how many measured bytes took the fast path (round trip and one way)", async () => {
  if (skipUnless(fastCallProbe() !== null, `Deno ${Deno.version.deno} keeps no record of fast FFI calls`)) return;
  const latency = (over: Partial<CaseParams>) =>
    params({ measure: "latency", roundTrips: 2000, messageSize: 64, cpus: null, ...over });
  for (
    const [what, c] of [
      ["round trip write/read", latency({ writer: "write", reader: "read" })],
      ["round trip vmsplice/splice", latency({ writer: "vmsplice", reader: "splice" })],
      ["one way", latency({ writer: "write", reader: "read", rate: 20_000, messages: 2000, roundTrips: null })],
    ] as const
  ) {
    const outcome = await runOnce(c, { traceFastPath: true });
    assert(outcome.ok, `${what}: ${JSON.stringify(outcome)}`);
    const { sample } = outcome;
    assert(sample.latency !== undefined, what);
    const reader = sample.reader.fastPath;
    const writer = sample.writer?.fastPath;
    assert(reader !== undefined && writer !== undefined, `${what}: both sides traced: ${JSON.stringify(sample)}`);
    assertEquals(reader.bytes, sample.bytes, `${what}: the timing side accounts for every measured byte`);
    // Warmed up to TurboFan first, most messages go fast; a deoptimization costs at most a stretch
    // (a 16th) before keepOptimized restores the code, so the share is not pinned to 100% here.
    for (const side of [reader, writer]) {
      assert(side.fastBytes > 0 && side.fastBytes <= side.bytes, `${what}: ${JSON.stringify(side)}`);
    }
  }
  const untraced = await runOnce(latency({}), {});
  assert(untraced.ok, JSON.stringify(untraced));
  assertEquals(untraced.sample.reader.fastPath, undefined);
});
