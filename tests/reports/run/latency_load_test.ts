/**
 * The latency/load curve (issue 18 item 2): one-way cases grouped into curves (alike but for their
 * rate), p50 and p99 against the offered rate, both axes log; kept out of the throughput charts
 * and the round-trip percentile chart.
 */
import { chartsFor, latencyLoadChart, loadCurves } from "../../../reports/run/charts/mod.ts";
import type { CaseResult, Results } from "../../../model/types.ts";
import { latencyStats } from "../../../stats/stats.ts";
import { assert, assertEquals } from "../../helpers.ts";

const BLOG = new URL("../../fixtures/results/blog.json", import.meta.url);

/** A one-way case from blog.json's first case: `rate`, busy or not, p50 growing with the load. */
function oneWay(template: CaseResult, rate: number, busyLoop: boolean): CaseResult {
  const p50 = rate >= 1e6 ? 5000 : 20;
  const samples = template.samples.slice(0, 3).map((s, i) => {
    const us = {
      p50: p50 + i,
      p90: p50 * 2,
      p99: p50 * 10 + i,
      p999: p50 * 20,
      p9999: p50 * 30,
      max: p50 * 40,
      mean: p50,
    };
    const histogram = { subBucketBits: 7, buckets: [], max: us.max * 1000, sum: us.mean * 1e6 };
    const deliveredRate = Math.min(rate, 800_000);
    return { ...s, latency: { roundTrips: 1000, messageSize: 8, microseconds: us, histogram, rate, deliveredRate } };
  });
  const name = `write→read${busyLoop ? " busy" : ""} latency rate ${rate}/s`;
  return {
    ...template,
    id: `load/${rate}-${busyLoop}`,
    name,
    scenario: "load",
    params: { ...template.params, measure: "latency", rate, busyLoop, messageSize: null, roundTrips: null },
    samples,
    stats: { ...template.stats!, latencyMicroseconds: latencyStats(samples, 1) },
  };
}

async function loadResults(): Promise<Results> {
  const results: Results = JSON.parse(await Deno.readTextFile(BLOG));
  const template = results.cases[0];
  // Out of order on purpose: the curve sorts by rate.
  const load = [1_000_000, 1000, 30_000].flatMap((
    rate,
  ) => [oneWay(template, rate, false), oneWay(template, rate, true)]);
  results.cases = [...results.cases, ...load];
  return results;
}

Deno.test("latency/load: a curve per case alike but for its rate, p50 and p99 against the offered load", async () => {
  const results = await loadResults();
  const curves = loadCurves(results);
  assertEquals(curves.map((curve) => curve.name), ["write→read latency", "write→read busy latency"]);
  assertEquals(curves[0].cases.map((c) => c.params.rate), [1000, 30_000, 1_000_000]);
  const chart = latencyLoadChart(results)!;
  // deno-lint-ignore no-explicit-any
  const traces = chart.data as any[];
  assertEquals(traces.map((trace) => trace.name), [
    "write→read latency p50",
    "write→read latency p99",
    "write→read busy latency p50",
    "write→read busy latency p99",
  ]);
  assertEquals(traces[0].x, [1000, 30_000, 1_000_000]);
  assertEquals(traces[0].y, [21, 21, 5001]);
  assertEquals(traces[1].y, [201, 201, 50001]);
  // deno-lint-ignore no-explicit-any
  const layout = chart.layout as any;
  assertEquals([layout.xaxis.type, layout.yaxis.type], ["log", "log"]);
  assert(JSON.stringify(traces[0].customdata).includes("800000"), "the delivered rate in the hover");
});

Deno.test("latency/load: one-way cases stay out of the throughput charts and the percentile chart", async () => {
  const results = await loadResults();
  const figures = chartsFor(results);
  const names = figures.map((figure) => figure.name);
  assert(names.includes("latency-load"), names.join(", "));
  assert(!names.includes("latency-percentiles"), "no round-trip case here");
  // deno-lint-ignore no-explicit-any
  const headline = figures.find((figure) => figure.name === "headline")!.data as any[];
  assert(!JSON.stringify(headline).includes("rate 1000/s"), "no GiB/s bar for a one-way case");
  assertEquals(latencyLoadChart({ ...results, cases: results.cases.slice(0, 7) }), null);
});
