/**
 * Latency cases in a run's reports (issue 18): the terminal table and summary.md show their
 * percentiles (and leave them out of the throughput table), report.html has the percentile chart
 * on a nines axis and the latency table, a hostile case name comes out escaped.
 */
import { finalizeResults } from "../../../bench/results.ts";
import { withDefaults } from "../../../model/params.ts";
import type { Results, Sample } from "../../../model/types.ts";
import { chartsFor, formatTable, renderHtml, renderMarkdown } from "../../../reports/run/mod.ts";
import { ninesOf } from "../../../reports/run/charts/latency.ts";
import { Histogram } from "../../../stats/histogram.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";

const FIXTURE = new URL("../../fixtures/results/blog.json", import.meta.url);

/** A run's latency from round trips of `base` ns with a tail. */
function latencyOf(base: number): NonNullable<Sample["latency"]> {
  const histogram = new Histogram();
  for (let i = 0; i < 10_000; i++) histogram.record(base + (i % 100 === 0 ? 50 * base : i % 10) * 100);
  const compact = histogram.toCompact();
  const us = (p: number) => histogram.percentile(p) / 1000;
  return {
    roundTrips: 10_000,
    messageSize: 1,
    microseconds: {
      p50: us(50),
      p90: us(90),
      p99: us(99),
      p999: us(99.9),
      p9999: us(99.99),
      max: histogram.max() / 1000,
      mean: histogram.mean() / 1000,
    },
    histogram: compact,
  };
}

/** The blog fixture with one more case, a latency case of three runs. */
function withLatencyCase(name: string): Results {
  const results: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  const first = results.cases[0];
  const samples = first.samples.slice(0, 3).map((sample, i) => ({ ...sample, latency: latencyOf(20_000 + i * 500) }));
  results.cases.push({
    ...first,
    id: "blog/latency",
    name,
    params: withDefaults({ writer: "write", reader: "read", measure: "latency" }),
    samples,
    failures: [],
    warnings: [],
    stats: null,
  });
  return finalizeResults(results);
}

Deno.test("latency reports: the terminal and summary.md show percentiles, the throughput table leaves the case out", () => {
  const results = withLatencyCase("ping 1B");
  const stats = results.cases.at(-1)!.stats!.latencyMicroseconds!;
  assertEquals(stats.p50.n, 3);
  const table = formatTable(results);
  assertIncludes(table, "blog — latency");
  for (const heading of ["p50", "p90", "p99", "p99.9", "p99.99", "max", "mean"]) assertIncludes(table, heading);
  const line = table.split("\n").find((text) => text.startsWith("ping 1B"));
  assert(line !== undefined, table);
  assertIncludes(line, "µs");
  assertEquals(table.split("\n").filter((text) => text.includes("ping 1B")).length, 1, "only in the latency table");
  assert(!table.includes("e+"), "an exponent in a time");
  const markdown = renderMarkdown(results);
  assertIncludes(markdown, "### blog — latency");
  assertIncludes(markdown, "| ping 1B |");
  assertIncludes(markdown, "lower is better");
});

Deno.test("latency reports: the percentile chart, one trace per case on a nines axis; names escaped", () => {
  const results = withLatencyCase("<b>ping</b>");
  const figure = chartsFor(results).find((f) => f.name === "latency-percentiles");
  assert(figure !== undefined, "no percentile chart");
  assertEquals(figure.data.length, 1);
  const trace = figure.data[0] as { x: number[]; y: number[]; name: string };
  assertEquals(trace.x.map((x) => Math.round(x * 100) / 100), [0.3, 1, 2, 3, 4]);
  assert(Math.abs(ninesOf(99.9) - 3) < 1e-9 && Math.abs(ninesOf(50) - Math.log10(2)) < 1e-9);
  for (let i = 1; i < trace.y.length; i++) assert(trace.y[i] >= trace.y[i - 1], `${trace.y}`);
  assert(!trace.name.includes("<b>"), trace.name);
  const xaxis = (figure.layout as { xaxis: { ticktext: string[] } }).xaxis;
  assertEquals(xaxis.ticktext, ["50", "90", "99", "99.9", "99.99"]);
  // The throughput charts do not draw the latency case.
  const headline = chartsFor(results).find((f) => f.name === "headline")!;
  assert(!JSON.stringify(headline.data).includes("ping"), "latency case in the headline chart");
  const html = renderHtml(results);
  assertIncludes(html, "blog — latency");
  assert(!html.includes("<b>ping</b>"), "unescaped case name in the page");
});
