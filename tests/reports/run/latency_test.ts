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
import { formatLatencySummary } from "../../../reports/format/latency.ts";
import { Histogram } from "../../../stats/histogram.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";

const FIXTURE = new URL("../../fixtures/results/blog.json", import.meta.url);

/** A run's latency from `roundTrips` round trips of `base` ns with a tail. */
function latencyOf(base: number, roundTrips = 10_000): NonNullable<Sample["latency"]> {
  const histogram = new Histogram();
  for (let i = 0; i < roundTrips; i++) histogram.record(base + (i % 100 === 0 ? 50 * base : i % 10) * 100);
  const compact = histogram.toCompact();
  const us = (p: number) => histogram.percentile(p) / 1000;
  return {
    roundTrips,
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

/** The blog fixture with one more case, a latency case of three runs of `roundTrips` round trips. */
function withLatencyCase(name: string, roundTrips = 10_000): Results {
  const results: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  const first = results.cases[0];
  const samples = first.samples.slice(0, 3).map((sample, i) => ({
    ...sample,
    latency: latencyOf(20_000 + i * 500, roundTrips),
  }));
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

Deno.test("latency reports: a percentile the runs have too few round trips for is — (table, summary.md) and not drawn", () => {
  const cells = (text: string) => text.split("\n").find((line) => line.startsWith("ping 1B"))!.split(/ {2,}/);
  // 1000 round trips a run: p99.9 rests on one value above it, p99.99 on none (it would be the max).
  const few = withLatencyCase("ping 1B", 1000);
  const row = cells(formatTable(few));
  assertEquals(row.length, 10, row.join(" | "));
  assert(row[4] !== "—", `p99.9 of 1000 round trips: ${row.join(" | ")}`);
  assertEquals(row[5], "—", `p99.99 of 1000 round trips: ${row.join(" | ")}`);
  assert(row[6] !== "—", "max");
  const markdown = renderMarkdown(few).split("\n").find((line) => line.startsWith("| ping 1B"))!;
  assertEquals(markdown.split("|").map((cell) => cell.trim())[6], "—", markdown);
  const stats = few.cases.at(-1)!.stats!.latencyMicroseconds!;
  const nearMax = Math.abs(stats.p9999.median - stats.max.median) / stats.max.median;
  assert(nearMax < 0.01, "results.json keeps the value: the maximum's bucket");
  const trace = chartsFor(few).find((f) => f.name === "latency-percentiles")!.data[0] as { y: (number | null)[] };
  assertEquals(trace.y[4], null, "p99.99 not drawn");
  assert(trace.y[3] !== null, "p99.9 drawn");
  // 999 round trips: p99.9 too.
  assertEquals(cells(formatTable(withLatencyCase("ping 1B", 999)))[4], "—");
  // 10^4: every percentile.
  assert(!cells(formatTable(withLatencyCase("ping 1B"))).includes("—"));
});

Deno.test("latency table: an interval from few runs says its coverage of the median (75% at n = 3, 50% at n = 2)", () => {
  const row = formatTable(withLatencyCase("ping 1B")).split("\n").find((line) => line.startsWith("ping 1B"))!;
  const p50 = row.split(/ {2,}/)[1];
  assert(/^\S+ µs \(\S+ µs–\S+ µs, 75%\)$/.test(p50), p50);
  const summary = { median: 20, ci95Low: 19, ci95High: 22, mean: 20, stddev: 1, cv: 0.05, min: 19, max: 22 };
  assertEquals(formatLatencySummary({ ...summary, n: 2, ci95Coverage: 0.5 }), "20.0 µs (19.0 µs–22.0 µs, 50%)");
  assertEquals(formatLatencySummary({ ...summary, n: 12, ci95Coverage: 0.96 }), "20.0 µs (19.0 µs–22.0 µs)");
  assertEquals(formatLatencySummary({ ...summary, n: 1, ci95Coverage: 0 }), "20.0 µs");
});
