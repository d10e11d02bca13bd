/**
 * Contention runs (`writers`/`readers` above 1) with real processes on a real pipe: the totals
 * add up, each endpoint reports its own throughput, a dying endpoint fails the run and leaves
 * nothing behind; and the pieces (CPU placement, fairness, the byte count check) on their own.
 */
import { contentionSample, parseContentionResult } from "../../bench/_contention-outcome.ts";
import { CONTENTION_RESULT_PREFIX, type ContentionResult } from "../../bench/endpoint/contention.ts";
import { runOnce } from "../../bench/runner.ts";
import { allowedCpus } from "../../ffi/cpu.ts";
import { contentionCpus } from "../../model/contention.ts";
import type { CaseParams } from "../../model/types.ts";
import { CASE_DEFAULTS } from "../../scenario/scenario.ts";
import { fairness } from "../../stats/fairness.ts";
import { assert, assertEquals, assertIncludes, groupAlive, openFds } from "../helpers.ts";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function params(overrides: Partial<CaseParams> = {}): CaseParams {
  return {
    ...CASE_DEFAULTS,
    writer: "write",
    reader: "read",
    bufferSize: 64 * 1024,
    bufferOffset: 16,
    pipeSize: MiB,
    bytes: 8 * MiB,
    duration: 0.2,
    writers: 2,
    readers: 2,
    repetitions: 1,
    warmup: 0,
    ...overrides,
  };
}

Deno.test("2 writers × 2 readers: per-endpoint throughput, and the totals add up", async () => {
  const before = openFds();
  let pids: (number | undefined)[] = [];
  const outcome = await runOnce(params(), { warmupBytes: 2 * MiB, onSpawn: (spawned) => pids = spawned.all ?? [] });
  assert(outcome.ok, `run failed: ${JSON.stringify(outcome)}`);
  const { sample } = outcome;
  const report = sample.contention;
  assert(report !== undefined, "a contention sample has its endpoints");
  assertEquals(report.writers.length, 2);
  assertEquals(report.readers.length, 2);
  assertEquals(pids.length, 4);
  // The case's bytes are the readers' together, over the span of their clocks.
  assertEquals(report.readers.reduce((sum, r) => sum + r.bytes, 0), sample.bytes);
  assert(sample.bytes >= 8 * MiB, `measured ${sample.bytes} bytes, at least the 8 MiB asked for`);
  assert(sample.seconds >= 0.2, `measured ${sample.seconds} s, at least the 0.2 s asked for`);
  for (const r of report.readers) {
    assert(r.ownSeconds! <= sample.seconds + 1e-9, "a reader's span is inside the case's");
  }
  assert(Math.abs(sample.gibPerSecond - sample.bytes / sample.seconds / GiB) < 1e-9, "throughput = bytes / seconds");
  // What the readers got after the start and what the writers sent after it differ by at most what
  // the pipe held at the start and each endpoint's call in flight then.
  const written = report.writers.reduce((sum, w) => sum + w.bytes, 0);
  const slack = MiB + 4 * 64 * 1024 + 4 * 256 * 1024;
  assert(Math.abs(written - sample.bytes) <= slack, `written ${written}, read ${sample.bytes}`);
  for (const endpoint of [...report.writers, ...report.readers]) {
    assert(
      endpoint.gibPerSecond > 0 && endpoint.seconds > 0,
      `an endpoint that moved bytes: ${JSON.stringify(endpoint)}`,
    );
    assert(Math.abs(endpoint.gibPerSecond - endpoint.bytes / endpoint.seconds / GiB) < 1e-9);
    assertEquals(endpoint.seconds, sample.seconds, "every endpoint over the case's span");
    assert(endpoint.ownSeconds! > 0 && endpoint.ownSeconds! <= sample.seconds + 0.05, "its own span, inside");
  }
  const readersSum = report.readers.reduce((sum, r) => sum + r.gibPerSecond, 0);
  assert(Math.abs(readersSum - sample.gibPerSecond) < 1e-9, `readers ${readersSum} vs case ${sample.gibPerSecond}`);
  const writersSum = report.writers.reduce((sum, w) => sum + w.gibPerSecond, 0);
  assert(Math.abs(writersSum - written / sample.seconds / GiB) < 1e-9, "writers: what they sent over the span");
  for (const side of ["writers", "readers"] as const) {
    const { jain, minToMax } = report.fairness[side];
    assert(jain >= 0.5 && jain <= 1 && minToMax > 0 && minToMax <= 1, `${side}: ${JSON.stringify(report.fairness)}`);
  }
  assertEquals(report.sharedCpus, allowedCpus().length < 4);
  assertEquals(sample.pipeSize, MiB);
  assert(sample.writer !== null && sample.writer.usage.systemSeconds > 0, "the writers' usage, added up");
  for (const pid of pids) assert(!groupAlive(pid!), `endpoint ${pid} is gone`);
  assertEquals(openFds(), before, "no descriptor leaked");
});

Deno.test("a splice writer and splice readers share a pipe too (1 × 3)", async () => {
  const outcome = await runOnce(params({ writer: "splice", reader: "splice", writers: 1, readers: 3 }), {
    warmupBytes: MiB,
  });
  assert(outcome.ok, JSON.stringify(outcome));
  assertEquals(outcome.sample.contention?.writers.length, 1);
  assertEquals(outcome.sample.contention?.readers.length, 3);
});

Deno.test("sendfile writers share a pipe too (2 × 1): each sends with sendfile(2), not a vmsplice of its buffers", async () => {
  // Before, a contention writer fell through to the vmsplice loop for any mode but write and splice.
  const outcome = await runOnce(params({ writer: "sendfile", reader: "read", writers: 2, readers: 1 }), {
    warmupBytes: MiB,
  });
  assert(outcome.ok, JSON.stringify(outcome));
  assertEquals(outcome.sample.contention?.writers.length, 2);
  assertEquals(outcome.sample.pipeSize, MiB, "the runner's 1 MiB pipe, not vmsplice's half a buffer");
});

Deno.test("with no bytes and no duration (as --quick makes them), the writers wait until every reader has started", async () => {
  // Before, the writers stopped at once and a reader still warming up met the end of the pipe
  // before its clock ran ("the writers closed the pipe before the measurement started").
  for (let run = 0; run < 3; run++) {
    const outcome = await runOnce(params({ bytes: 0, duration: 0, writers: 1, readers: 5 }), { warmupBytes: MiB });
    assert(outcome.ok, JSON.stringify(outcome));
    assertEquals(outcome.sample.contention?.readers.length, 5);
  }
});

Deno.test("a writer that dies fails the run, naming it, and leaves no process or descriptor behind", async () => {
  const before = openFds();
  let pids: (number | undefined)[] = [];
  const outcome = await runOnce(params({ bytes: 64 * 1024 * MiB, duration: 60 }), {
    warmupBytes: MiB,
    onSpawn: (spawned) => {
      pids = spawned.all ?? [];
      setTimeout(() => Deno.kill(pids[1]!, "SIGKILL"), 1500);
    },
  });
  assert(!outcome.ok, "the run must fail");
  assertEquals(outcome.failure.side, "writer");
  assertIncludes(outcome.failure.reason, "writer 2 of 2 killed by SIGKILL");
  assertEquals(pids.length, 4);
  for (const pid of pids) assert(!groupAlive(pid!), `endpoint ${pid} is gone`);
  assertEquals(openFds(), before, "no descriptor leaked");
});

Deno.test("a CPU that does not exist fails a contention run before anything starts", async () => {
  const outcome = await runOnce(params({ cpus: { writer: 0, reader: 511 } }));
  assert(!outcome.ok);
  assertEquals(outcome.failure.side, "runner");
  assertIncludes(outcome.failure.reason, "cpus.reader: CPU 511 is not available");
});

Deno.test("contentionCpus: one CPU each where there are enough, shared in turn where not", () => {
  const pinned = { writers: 2, readers: 2, cpus: { writer: 0, reader: 1 } };
  assertEquals(contentionCpus(pinned, [0, 1]), { writers: [0, 0], readers: [1, 1], shared: true });
  assertEquals(contentionCpus(pinned, [0, 1, 2, 3]), { writers: [0, 2], readers: [1, 3], shared: false });
  assertEquals(contentionCpus({ ...pinned, writers: 1, readers: 3 }, [0, 1]), {
    writers: [0],
    readers: [1, 0, 1],
    shared: true,
  });
  assertEquals(contentionCpus({ ...pinned, cpus: null }, [0, 1]), {
    writers: [null, null],
    readers: [null, null],
    shared: false,
  });
});

Deno.test("contentionCpus: a writer and a reader pinned to the same CPU share it, however many CPUs are left", () => {
  // Before, `shared` compared the endpoints with the length of a list that held that CPU twice.
  const same = { writers: 1, readers: 2, cpus: { writer: 0, reader: 0 } };
  assertEquals(contentionCpus(same, [0, 1]), { writers: [0], readers: [0, 1], shared: true });
  assertEquals(contentionCpus({ ...same, writers: 2 }, [0, 1, 2, 3]).shared, true);
  assertEquals(contentionCpus({ ...same, cpus: { writer: 0, reader: 1 } }, [0, 1, 2]).shared, false);
});

Deno.test("fairness: Jain's index and the smallest share over the largest", () => {
  assertEquals(fairness([2, 2, 2]), { jain: 1, minToMax: 1 });
  assertEquals(fairness([1, 0]), { jain: 0.5, minToMax: 0 });
  assertEquals(fairness([3]), { jain: 1, minToMax: 1 });
  const { jain, minToMax } = fairness([1, 3]);
  assert(Math.abs(jain - 16 / 20) < 1e-12 && minToMax === 1 / 3);
});

/** A plausible endpoint result. */
function result(side: "writer" | "reader", slot: number, totalBytes: number, bytes = totalBytes / 2): ContentionResult {
  return {
    side,
    slot,
    bytes,
    seconds: 1,
    startSeconds: 100,
    totalBytes,
    warmupBytes: MiB,
    usage: {
      userSeconds: 0.1,
      systemSeconds: 0.5,
      voluntaryContextSwitches: 1,
      involuntaryContextSwitches: 1,
      minorPageFaults: 0,
      majorPageFaults: 0,
    },
    pipeSize: MiB,
    hugePages: { requestedBytes: 0, backedBytes: 0 },
    migrations: 0,
  };
}

Deno.test("the readers must get exactly what the writers sent: a byte lost or invented fails the run", () => {
  const cpus = { writers: [0, 0], readers: [1, 1], shared: true };
  const writers = [result("writer", 0, 100 * MiB), result("writer", 1, 100 * MiB)];
  const even = contentionSample(
    { writers, readers: [result("reader", 2, 120 * MiB), result("reader", 3, 80 * MiB)] },
    cpus,
    0,
    2,
  );
  assert(even.ok, JSON.stringify(even));
  assertEquals(even.sample.bytes, 100 * MiB);
  const lost = contentionSample(
    { writers, readers: [result("reader", 2, 120 * MiB), result("reader", 3, 80 * MiB - 1)] },
    cpus,
    0,
    2,
  );
  assert(!lost.ok);
  assertEquals(lost.failure.side, "reader");
  assertIncludes(
    lost.failure.reason,
    `the readers got ${200 * MiB - 1} bytes in all and the writers sent ${200 * MiB}`,
  );
  const short = contentionSample(
    { writers, readers: [result("reader", 2, 120 * MiB), result("reader", 3, 80 * MiB)] },
    cpus,
    GiB,
    2,
  );
  assert(!short.ok);
  assertIncludes(short.failure.reason, "fewer than the");
});

Deno.test("each endpoint's throughput is over the run's common span: the readers' add up to the case's, fairness on bytes", () => {
  // Before, each endpoint's GiB/s was its bytes over its own span and fairness was taken on those
  // rates: a reader that stopped early looked fast, and the readers' rates added up to more than
  // the case's throughput.
  const cpus = { writers: [0, 0], readers: [1, 1], shared: true };
  const ended = (r: ContentionResult, startSeconds: number, seconds: number) => ({ ...r, startSeconds, seconds });
  const outcome = contentionSample(
    {
      writers: [ended(result("writer", 0, 100 * MiB), 100, 0.9), ended(result("writer", 1, 100 * MiB), 100, 0.45)],
      // The same bytes each; reader 2 started 0.1 s late and stopped after 0.4 s: its own rate is twice reader 1's.
      readers: [ended(result("reader", 2, 100 * MiB), 100, 1), ended(result("reader", 3, 100 * MiB), 100.1, 0.4)],
    },
    cpus,
    0,
    2,
  );
  assert(outcome.ok, JSON.stringify(outcome));
  const { sample } = outcome;
  const report = sample.contention!;
  assertEquals(sample.seconds, 1);
  const sum = (side: typeof report.readers) => side.reduce((total, e) => total + e.gibPerSecond, 0);
  assert(
    Math.abs(sum(report.readers) - sample.gibPerSecond) < 1e-12,
    `${sum(report.readers)} vs ${sample.gibPerSecond}`,
  );
  assert(Math.abs(sum(report.writers) - 100 * MiB / GiB) < 1e-12, "the writers' sent bytes over the same span");
  for (const e of [...report.writers, ...report.readers]) {
    assertEquals(e.seconds, sample.seconds);
    assertEquals(e.gibPerSecond, e.bytes / sample.seconds / GiB);
  }
  assertEquals(report.readers.map((r) => r.ownSeconds), [1, 0.4]);
  assertEquals(report.writers.map((w) => w.ownSeconds), [0.9, 0.45]);
  assertEquals(report.readers[0].gibPerSecond, report.readers[1].gibPerSecond);
  assertEquals(report.fairness, { writers: { jain: 1, minToMax: 1 }, readers: { jain: 1, minToMax: 1 } });
});

Deno.test("an endpoint's result line is checked before it counts", () => {
  const line = (value: unknown) => `noise\n${CONTENTION_RESULT_PREFIX}${JSON.stringify(value)}\n`;
  assertEquals(parseContentionResult("writer: boom\n", "writer"), "it printed no result line");
  assertEquals(parseContentionResult(`${CONTENTION_RESULT_PREFIX}{`, "writer"), "its result line is not JSON");
  assertEquals(
    parseContentionResult(line({ ...result("reader", 2, MiB), seconds: 0 }), "reader"),
    "its result has seconds = 0",
  );
  assertEquals(parseContentionResult(line(result("reader", 2, MiB)), "writer"), "its result has side = reader");
  assertEquals(
    parseContentionResult(line({ ...result("reader", 2, MiB), bytes: 2 * MiB }), "reader"),
    "it measured more bytes than it moved in all",
  );
  assertEquals((parseContentionResult(line(result("reader", 2, MiB)), "reader") as ContentionResult).slot, 2);
});
