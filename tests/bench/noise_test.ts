/**
 * Noise evidence (bench/noise.ts): /proc/stat and PSI parsed, a run's steal, pressure and load
 * computed from the counters around it, the spike flag at its documented threshold, the case
 * warning; the endpoints' own CPU migrations (bench/endpoint/migrations.ts) in a real run's sample;
 * and the session stamping every sample with its start time and noise.
 */
import { finalizeResults } from "../../bench/results.ts";
import { noiseSnapshot, parseCpuTimes, parsePressureTotal, runNoise, STEAL_SPIKE } from "../../bench/noise.ts";
import { parseMigrations, threadMigrations } from "../../bench/endpoint/migrations.ts";
import { runOnce } from "../../bench/runner.ts";
import { runSession } from "../../bench/session.ts";
import { CASE_DEFAULTS } from "../../scenario/scenario.ts";
import { blogResults } from "../fixtures/make-results.ts";
import { assert, assertEquals, assertIncludes, skipUnless } from "../helpers.ts";

const MiB = 1024 * 1024;

Deno.test("parseCpuTimes and parsePressureTotal read the kernel's lines, null otherwise", () => {
  assertEquals(parseCpuTimes("cpu  100 5 50 800 10 0 5 30 7 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n"), {
    steal: 30,
    total: 1000,
  });
  assertEquals(parseCpuTimes("intr 1 2 3\n"), null);
  assertEquals(parseCpuTimes(null), null);
  const psi = "some avg10=1.00 avg60=0.50 avg300=0.10 total=123456\nfull avg10=0 avg60=0 avg300=0 total=99\n";
  assertEquals(parsePressureTotal(psi), 123456);
  assertEquals(parsePressureTotal("full avg10=0 total=5\n"), null);
  assertEquals(
    parseMigrations("se.sum_exec_runtime : 1.5\nse.nr_migrations                             :                   12\n"),
    12,
  );
  assertEquals(parseMigrations("nr_switches : 3\n"), null);
});

Deno.test("runNoise: shares of the run, the spike flag from 5% of CPU time stolen", () => {
  const files = (steal: number, total: number, pressure: number) => (path: string) =>
    path === "/proc/stat"
      ? `cpu  ${total - steal} 0 0 0 0 0 0 ${steal} 0 0\n`
      : path === "/proc/pressure/cpu"
      ? `some avg10=0 avg60=0 avg300=0 total=${pressure}\n`
      : null;
  const before = { ...noiseSnapshot(files(100, 10_000, 0)), at: 0 };
  const quiet = runNoise(before, { ...noiseSnapshot(files(110, 11_000, 50_000)), at: 1000 }, 0.7);
  assertEquals(quiet, { steal: 0.01, cpuPressure: 0.05, memoryPressure: null, load: 0.7, stealSpike: false });
  const spike = runNoise(before, { ...noiseSnapshot(files(100 + STEAL_SPIKE * 1000, 11_000, 0)), at: 1000 }, null);
  assertEquals([spike.steal, spike.stealSpike], [STEAL_SPIKE, true]);
  const unknown = runNoise(noiseSnapshot(() => null), noiseSnapshot(() => null), null);
  assertEquals(unknown, { steal: null, cpuPressure: null, memoryPressure: null, load: null, stealSpike: false });
});

Deno.test("finalizeResults warns about the runs measured during a steal spike", () => {
  const results = blogResults();
  finalizeResults(results);
  const warned = results.cases[0].warnings.find((warning) => warning.includes("steal spike"));
  assert(warned !== undefined, "write_read's run 3 is flagged in the fixture");
  assertIncludes(warned, "1 of 5 runs");
  assert(!results.cases[1].warnings.some((warning) => warning.includes("steal spike")));
});

Deno.test("a real run: both endpoints report their CPU migrations while measured", async () => {
  // Through libc, as the endpoints read it: Deno reads /proc only with --allow-all.
  const sched = threadMigrations() !== null;
  if (skipUnless(sched, "no /proc/thread-self/sched (kernel without CONFIG_SCHED_DEBUG)")) return;
  const outcome = await runOnce(
    {
      ...CASE_DEFAULTS,
      writer: "write",
      reader: "read",
      bufferOffset: 0,
      bytes: 8 * MiB,
      duration: 0,
      repetitions: 1,
      warmup: 0,
    },
    { warmupBytes: MiB },
  );
  assert(outcome.ok, JSON.stringify(outcome));
  for (const side of [outcome.sample.reader, outcome.sample.writer!]) {
    assert(Number.isInteger(side.migrations) && side.migrations! >= 0, JSON.stringify(side));
  }
});

Deno.test("a session stamps every sample with its start time since the run began and its noise", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-noise-" });
  const fixture = blogResults();
  const { reader, writer } = fixture.cases[0].samples[0];
  const cases = fixture.cases.slice(0, 2).map(({ id, name, scenario, params }) => ({
    id,
    name,
    scenario,
    params: { ...params, repetitions: 2, warmup: 0 },
  }));
  const results = await runSession({
    cases,
    scenarios: fixture.scenarios,
    outDir,
    runId: "noise-run",
    seed: 3,
    options: { quick: false, filter: null },
    system: fixture.system,
    loadAverageNow: () => [0.25, 0.2, 0.1],
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return {
        ok: true,
        sample: {
          bytes: MiB,
          seconds: 0.01,
          gibPerSecond: 0.1,
          warmupBytes: 0,
          pipeSize: 65536,
          wallSeconds: 0.02,
          reader,
          writer,
        },
      };
    },
  });
  const samples = results.cases.flatMap((c) => c.samples).sort((a, b) => a.run - b.run);
  assertEquals(samples.length, 4);
  samples.forEach((sample, i) => {
    assert(sample.startedAtSeconds !== undefined && sample.startedAtSeconds >= 0, JSON.stringify(sample));
    if (i > 0) {
      assert(sample.startedAtSeconds! >= samples[i - 1].startedAtSeconds! + 0.015, "in run order, 20 ms apart");
    }
    assertEquals(sample.noise?.load, 0.25);
    assertEquals(typeof sample.noise?.stealSpike, "boolean");
  });
  await Deno.remove(outDir, { recursive: true });
});
