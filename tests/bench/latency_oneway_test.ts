/**
 * One-way latency under load (`measure: latency` with a `rate`, issue 18 item 2) run for real: the
 * writer keeps a schedule of stamped messages, the reader records arrival − intended. Below
 * saturation every message is timed and the delivered rate is the offered one; far above it the
 * queue builds and the latency shows it (open loop: no coordinated omission).
 */
import { runOnce } from "../../bench/runner.ts";
import { latencyProblem } from "../../bench/_latency.ts";
import { quickCase } from "../../bench/plan.ts";
import { allowedCpus } from "../../ffi/cpu.ts";
import { latencyPlan } from "../../model/latency.ts";
import { withDefaults } from "../../model/params.ts";
import type { CaseParams } from "../../model/types.ts";
import { Histogram } from "../../stats/histogram.ts";
import { assert, assertEquals, assertIncludes, openFds } from "../helpers.ts";

const cpus = allowedCpus();
const two = cpus.length >= 2 ? { writer: cpus[0], reader: cpus[1] } : { writer: cpus[0], reader: cpus[0] };

function oneWayCase(over: Partial<CaseParams>): CaseParams {
  return withDefaults({ writer: "write", reader: "read", measure: "latency", cpus: two, ...over });
}

Deno.test("one-way: 2000 stamped 8-byte messages at 20000/s, each timed, delivered at the offered rate", async () => {
  const before = openFds().length;
  for (const busyLoop of [false, true]) {
    const params = oneWayCase({ rate: 20_000, messages: 2000, busyLoop });
    const outcome = await runOnce(params);
    assert(outcome.ok, outcome.ok ? "" : outcome.failure.reason);
    const latency = outcome.sample.latency!;
    assertEquals(latency.roundTrips, 2000);
    assertEquals(latency.messageSize, 8);
    assertEquals(latency.rate, 20_000);
    assertEquals(Histogram.fromCompact(latency.histogram).count(), 2000);
    // The schedule holds: 2000 messages at 20000/s take 0.1 s; delivered at most the offered rate.
    assert(latency.deliveredRate! <= 20_000 * 1.05 && latency.deliveredRate! > 2_000, `${latency.deliveredRate}/s`);
    const us = latency.microseconds;
    assert(us.p50 > 0 && us.p50 <= us.p99 && us.p99 <= us.max, JSON.stringify(us));
    assertEquals(outcome.sample.bytes, 8 * 2000);
    assert(outcome.sample.writer !== null, "the sender reported");
  }
  assertEquals(openFds().length, before, "descriptors left open");
});

Deno.test("one-way: far above saturation the queue's wait is counted, not hidden", async () => {
  // 5 million messages per second is beyond what one Deno process writes (a write call is ~1 µs):
  // the sender falls behind its schedule and every later message counts the delay since it was due.
  const params = oneWayCase({ rate: 5_000_000, messages: 20_000 });
  const outcome = await runOnce(params);
  assert(outcome.ok, outcome.ok ? "" : outcome.failure.reason);
  const latency = outcome.sample.latency!;
  assert(latency.deliveredRate! < 0.8 * 5_000_000, `delivered ${latency.deliveredRate}/s`);
  // The last messages were due 4 ms after the first and sent ≥ 16 ms after it: ≥ 1 ms late.
  // A closed loop (timing each send to its arrival) would read a few µs.
  assert(latency.microseconds.p99 > 1000, `p99 ${latency.microseconds.p99} µs`);
  assert(latency.microseconds.max > latency.microseconds.p50, "the wait grows along the run");
});

Deno.test("one-way: a claim at another rate is refused; --quick counts messages, not round trips", () => {
  const params = oneWayCase({ rate: 1000, messages: 10 });
  const histogram = new Histogram();
  for (let i = 0; i < 10; i++) histogram.record(1000);
  const claim = { latency: { roundTrips: 10, messageSize: 8, histogram: histogram.toCompact(), rate: 999 } };
  assertIncludes(latencyProblem(claim, params) ?? "", "sent at 999 per second, not the 1000 asked for");
  assertEquals(latencyProblem({ latency: { ...claim.latency, rate: 1000 } }, params), null);
  const quick = quickCase({ id: "s/c", name: "c", scenario: "s", params: oneWayCase({ rate: 300_000 }) });
  assertEquals(quick.params.roundTrips, null);
  assertEquals(latencyPlan(quick.params).roundTrips, 1000);
  assertEquals(latencyPlan(oneWayCase({ rate: 300_000 })).roundTrips, 300_000, "one second's worth");
});
