/**
 * Latency cases (`measure: latency`, issue 18) run for real: two processes, two pipes, every round
 * trip in the histogram; write/read and vmsplice/splice, blocking and busy, one CPU and two; the
 * statistics across repetitions; a lying initiator refused; nothing left running or open.
 */
import { runOnce } from "../../bench/runner.ts";
import { latencyProblem } from "../../bench/_latency.ts";
import { allowedCpus } from "../../ffi/cpu.ts";
import { LATENCY_FIGURES, latencyPlan, MIN_WARMUP_ROUND_TRIPS, warmupRoundTrips } from "../../model/latency.ts";
import { withDefaults } from "../../model/params.ts";
import type { CaseParams, Sample } from "../../model/types.ts";
import { Histogram } from "../../stats/histogram.ts";
import { latencyStats } from "../../stats/summary.ts";
import { assert, assertEquals, assertIncludes, openFds } from "../helpers.ts";

const cpus = allowedCpus();
const two = cpus.length >= 2 ? { writer: cpus[0], reader: cpus[1] } : { writer: cpus[0], reader: cpus[0] };
const one = { writer: cpus[0], reader: cpus[0] };

function latencyCase(over: Partial<CaseParams> = {}): CaseParams {
  return withDefaults({
    writer: "write",
    reader: "read",
    measure: "latency",
    roundTrips: 2_000,
    cpus: two,
    ...over,
  });
}

/** Checks one run's latency: every round trip in the histogram, figures in order and plausible. */
function checkSample(sample: Omit<Sample, "run" | "repetition">, params: CaseParams, what: string): void {
  const latency = sample.latency;
  assert(latency !== undefined, `${what}: no latency`);
  const size = params.messageSize ?? 1;
  assertEquals(latency.roundTrips, params.roundTrips);
  assertEquals(latency.messageSize, size);
  assertEquals(Histogram.fromCompact(latency.histogram).count(), params.roundTrips);
  const us = latency.microseconds;
  const ordered = [us.p50, us.p90, us.p99, us.p999, us.p9999, us.max];
  for (let i = 1; i < ordered.length; i++) assert(ordered[i] >= ordered[i - 1], `${what}: ${JSON.stringify(us)}`);
  // A round trip is at least two syscalls each way (> 0.2 µs) and under a second here.
  assert(us.p50 > 0.2 && us.p50 < 1e6, `${what}: p50 ${us.p50} µs`);
  assert(us.mean >= us.p50 / 2 && us.mean <= us.max, `${what}: mean ${us.mean} µs`);
  // Both directions counted; the run's time holds every round trip timed (and the loop between
  // them: a re-optimization under load can add milliseconds), so their sum is not more than it.
  assertEquals(sample.bytes, 2 * size * params.roundTrips!);
  const timed = us.mean * params.roundTrips! / 1e6;
  assert(timed <= sample.seconds * 1.001 + 1e-4, `${what}: round trips ${timed} s in a run of ${sample.seconds} s`);
  assert(sample.writer !== null, `${what}: the echo reported nothing`);
}

Deno.test("latency: round trips of write/read and vmsplice/splice, blocking and busy, one CPU and two", async () => {
  const before = openFds().length;
  const variants: [string, Partial<CaseParams>][] = [
    ["write/read 1B two CPUs", {}],
    ["write/read 1B one CPU", { cpus: one }],
    ["write/read busy 4KiB", { busyLoop: true, messageSize: 4096 }],
    ["vmsplice/splice 64KiB", { writer: "vmsplice", reader: "splice", messageSize: 65536, bufferOffset: 0 }],
    ["vmsplice/read busy 100B", { writer: "vmsplice", busyLoop: true, messageSize: 100 }],
    ["write/read 300KiB (several calls per message)", { messageSize: 300 * 1024, roundTrips: 200 }],
  ];
  for (const [what, over] of variants) {
    const params = latencyCase(over);
    const outcome = await runOnce(params);
    assert(outcome.ok, `${what}: ${outcome.ok ? "" : outcome.failure.reason}`);
    checkSample(outcome.sample, params, what);
  }
  assertEquals(openFds().length, before, "descriptors left open");
});

Deno.test("latency: the figures of repetitions summarized, each with its interval", async () => {
  const params = latencyCase({ roundTrips: 1_000 });
  const samples: Pick<Sample, "latency">[] = [];
  for (let i = 0; i < 3; i++) {
    const outcome = await runOnce(params);
    assert(outcome.ok, outcome.ok ? "" : outcome.failure.reason);
    samples.push(outcome.sample);
  }
  const stats = latencyStats(samples, 1);
  assert(stats !== undefined);
  for (const figure of LATENCY_FIGURES) {
    const values = samples.map((s) => s.latency!.microseconds[figure]).sort((a, b) => a - b);
    assertEquals(stats[figure].n, 3);
    assertEquals(stats[figure].median, values[1]);
    assertEquals([stats[figure].ci95Low, stats[figure].ci95High], [values[0], values[2]]);
  }
  assertEquals(latencyStats([{}], 1), undefined);
});

Deno.test("latency: an initiator's claim that is not this case's round trips is refused", () => {
  const params = latencyCase();
  const histogram = new Histogram();
  for (let i = 0; i < 2_000; i++) histogram.record(10_000);
  const good = { latency: { roundTrips: 2_000, messageSize: 1, histogram: histogram.toCompact() } };
  assertEquals(latencyProblem(good, params), null);
  assertIncludes(latencyProblem({}, params)!, "no latency histogram");
  assertIncludes(latencyProblem({ latency: { ...good.latency, roundTrips: 10 } }, params)!, "not the 2000");
  histogram.record(5);
  assertIncludes(
    latencyProblem({ latency: { ...good.latency, histogram: histogram.toCompact() } }, params)!,
    "holds 2001 round trips",
  );
  assertIncludes(
    latencyProblem(
      { latency: { ...good.latency, histogram: { ...histogram.toCompact(), subBucketBits: 3 } } },
      params,
    )!,
    "does not read",
  );
});

Deno.test("latency: the warm-up is scaled to the message size (a byte budget), never below its pieces", () => {
  const plan = (messageSize: number, roundTrips: number | null = null) =>
    latencyPlan(latencyCase({ messageSize, roundTrips })).warmupRoundTrips;
  assertEquals(plan(1), 2000, "a tenth of 20000 round trips");
  assertEquals(plan(1, 1000), 200, "at least 200 small ones");
  assertEquals(plan(4096), 2000, "4 KiB: 16 MiB both ways, within the budget");
  assertEquals(plan(65536), 256, "64 KiB: 32 MiB both ways");
  assertEquals(plan(1024 * 1024), 32, "1 MiB: 32 round trips (64 MiB), not 2000 (4 GiB)");
  assertEquals(warmupRoundTrips(20_000, 1024 * 1024), MIN_WARMUP_ROUND_TRIPS);
});
