/**
 * The runner's steps that need no process: preparing a launch (argv, configuration, checks) and
 * reading what the endpoints printed into a sample or a failure.
 */
import { type EndpointSettings, prepareLaunch } from "../../bench/_launch.ts";
import { parseWriterResult, readerResult, sampleOf, writerReport } from "../../bench/_outcome.ts";
import { WRITER_RESULT_PREFIX } from "../../bench/endpoint/protocol.ts";
import type { CaseParams, Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const MiB = 1024 * 1024;

function params(overrides: Partial<CaseParams> = {}): CaseParams {
  const fixture: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  return { ...fixture.cases[0].params, cpus: null, bytes: 4 * MiB, ...overrides };
}

const settings: EndpointSettings = {
  deno: "/opt/deno",
  warmupBytes: MiB,
  verifyTag: 7,
  unsafeWriterReuse: false,
  disableTransparentHugePages: true,
  traceFastPath: true,
};

function readerLine(bytes: number): string {
  const { reader } = (JSON.parse(Deno.readTextFileSync(FIXTURE)) as Results).cases[0].samples[0];
  return JSON.stringify({
    side: "reader",
    bytes,
    seconds: 0.5,
    gibPerSecond: 0,
    warmupBytes: MiB,
    usage: reader.usage,
    pipeSize: 65536,
    hugePages: reader.hugePages,
    fastPathBytes: bytes / 2,
  });
}

Deno.test("a launch: Deno endpoints get their configuration as JSON, external ones their command", () => {
  const launch = prepareLaunch(params(), settings);
  assert("env" in launch, JSON.stringify(launch));
  assertEquals(launch.writer[0], "/opt/deno");
  const writer = JSON.parse(launch.writer.at(-1)!);
  const reader = JSON.parse(launch.reader.at(-1)!);
  assertEquals([writer.mode, writer.verifyTag, writer.warmupBytes, writer.traceFastPath], ["write", 7, MiB, true]);
  assertEquals([reader.mode, reader.bytes, reader.disableTransparentHugePages], ["read", 4 * MiB, true]);
  assertEquals(launch.env.PIPESPEED_BYTES, String(4 * MiB));
  const external = prepareLaunch(params({ writer: { command: ["sh", "-c", "true"] } }), settings);
  assert("env" in external);
  // Contained (bench/_reap.ts): wrapped, the command itself last.
  assertEquals(external.writer.slice(-3), ["sh", "-c", "true"]);
});

Deno.test("a launch fails before any process when a command is missing or a CPU is not allowed", () => {
  const missing = prepareLaunch(params({ reader: { command: ["no-such-program-here"] } }), settings);
  assertEquals(missing, { side: "reader", reason: "reader command not found: no-such-program-here" });
  const cpu = prepareLaunch(params({ cpus: { writer: 0, reader: 100000 } }), settings);
  assert(!("env" in cpu));
  assertEquals(cpu.side, "runner");
  assertIncludes(cpu.reason, "cpus.reader: CPU 100000 is not available");
});

Deno.test("the reader's result line becomes a sample; garbage and short runs are the reader's failure", () => {
  const result = readerResult(`noise\n${readerLine(4 * MiB)}\n`, params());
  assert(typeof result !== "string", result as string);
  const outcome = sampleOf(result, null, params({ cpus: { writer: 0, reader: 1 } }), 0.75);
  assert(outcome.ok);
  assertEquals(outcome.sample.gibPerSecond, 4 * MiB / 0.5 / 1024 ** 3);
  assertEquals(outcome.sample.wallSeconds, 0.75);
  assertEquals(outcome.sample.reader.cpu, 1);
  assertEquals(outcome.sample.reader.fastPath, { bytes: 4 * MiB, fastBytes: 2 * MiB });
  assertIncludes(readerResult("hello\n", params()) as string, 'the last line was "hello"');
  assertEquals(
    readerResult(readerLine(MiB), params()),
    `the reader measured ${MiB} bytes, fewer than the ${4 * MiB} asked for`,
  );
});

Deno.test("the writer's result line is the last prefixed line of its stderr", () => {
  const { writer } = (JSON.parse(Deno.readTextFileSync(FIXTURE)) as Results).cases[0].samples[0];
  const line = JSON.stringify({ bytes: MiB, usage: writer!.usage, hugePages: writer!.hugePages, fastPathBytes: null });
  const parsed = parseWriterResult(`warning\n${WRITER_RESULT_PREFIX}${line}\n`);
  assert(parsed !== null);
  assertEquals(writerReport(parsed, params({ cpus: { writer: 3, reader: 1 } })), {
    usage: writer!.usage,
    hugePages: writer!.hugePages,
    cpu: 3,
  });
  assertEquals(parseWriterResult("no result\n"), null);
  assertEquals(parseWriterResult(`${WRITER_RESULT_PREFIX}{torn`), null);
});
