/** The progress bar's payload: "last" names the case that produced it, not the case running now. */
import type { RunOutcome } from "../../bench/runner.ts";
import { PROGRESS_FORMAT, progressLines, progressPayloads, resultText } from "../../cli/progress.ts";
import { withDefaults } from "../../model/params.ts";
import type { Case } from "../../model/types.ts";
import { assertEquals, assertIncludes } from "../helpers.ts";

function blogCase(name: string, writer: "write" | "vmsplice", reader: "read" | "splice"): Case {
  return { id: `blog/${name}`, name, scenario: "blog", params: withDefaults({ writer, reader }) };
}

/** A finished run's outcome: only its throughput matters to the bar. */
function measured(gibPerSecond: number): RunOutcome {
  return { ok: true, sample: { gibPerSecond } } as unknown as RunOutcome;
}

Deno.test("progress: once the next case starts, 'last' still names the case whose result it is", () => {
  const writeRead = blogCase("write_read", "write", "read");
  const vmspliceSplice = blogCase("vmsplice_splice", "vmsplice", "splice");
  const payloads = progressPayloads();
  assertEquals(payloads.starting(writeRead), { caseName: "write_read", last: "—" });
  assertEquals(payloads.finished(writeRead, measured(0.84)), { caseName: "write_read", last: "write_read 0.84 GiB/s" });
  // The line the issue quotes: vmsplice_splice running, 0.84 from write_read.
  assertEquals(payloads.starting(vmspliceSplice), { caseName: "vmsplice_splice", last: "write_read 0.84 GiB/s" });
  const failed = { ok: false, failure: { side: "writer", reason: "x" } } as unknown as RunOutcome;
  assertIncludes(payloads.finished(vmspliceSplice, failed).last, "vmsplice_splice");
  assertIncludes(PROGRESS_FORMAT, "now {caseName} | last {last}");
});

Deno.test("progress: a latency run shows its p50 and p99, not the GiB/s of its round trips", () => {
  const microseconds = { p50: 24.1, p90: 30, p99: 61.2, p999: 90, p9999: 100, max: 120, mean: 26 };
  const histogram = { subBucketBits: 7, buckets: [], max: 0, sum: 0 };
  const latency = { roundTrips: 1000, messageSize: 1, microseconds, histogram };
  const roundTrips = { ok: true, sample: { gibPerSecond: 0.0001, latency } } as unknown as RunOutcome;
  const lines: string[] = [];
  const ping: Case = {
    ...blogCase("ping", "write", "read"),
    params: withDefaults({ writer: "write", reader: "read", measure: "latency" }),
  };
  progressLines((line) => lines.push(line)).events.runFinished!(
    { index: 0, caseIndex: 0, repetition: 0, warmup: false },
    2,
    ping,
    roundTrips,
  );
  assertEquals(lines, ["[1/2] blog/ping: p50 24.1 µs, p99 61.2 µs"]);
  assertEquals(progressPayloads().finished(ping, roundTrips).last, "ping p50 24.1 µs, p99 61.2 µs");
  const oneWay = {
    ok: true,
    sample: { gibPerSecond: 0, latency: { ...latency, rate: 1000 } },
  } as unknown as RunOutcome;
  assertEquals(progressPayloads().finished(ping, oneWay).last, "ping p50 24.1 µs, p99 61.2 µs one way");
});

Deno.test("progress: a run of too few round trips for its p99 (50: the p99 is their maximum) shows p99 —", () => {
  const microseconds = { p50: 37.5, p90: 900, p99: 1300, p999: 1300, p9999: 1300, max: 1300, mean: 60 };
  const histogram = { subBucketBits: 7, buckets: [], max: 0, sum: 0 };
  const latency = { roundTrips: 50, messageSize: 1, microseconds, histogram };
  assertEquals(resultText({ gibPerSecond: 0.0001, latency }), "p50 37.5 µs, p99 —");
  assertEquals(
    resultText({ gibPerSecond: 0.0001, latency: { ...latency, roundTrips: 100 } }),
    "p50 37.5 µs, p99 1.30 ms",
  );
  assertEquals(resultText({ gibPerSecond: 0, latency: { ...latency, roundTrips: 1 } }), "p50 —, p99 —");
});
