/**
 * `compare` and `merge` of latency cases (issue 18): judged on their p50 and p99 round trips
 * (lower is better), not on the throughput of their round trips. The fixtures are blog.json with
 * two of its cases turned into latency cases (their runs given round-trip figures).
 */
import { compareResults, mergeResults } from "../../../stats/compare.ts";
import type { Results } from "../../../model/types.ts";
import { formatCompareTable, renderCompareHtml, renderCompareMarkdown } from "../../../reports/compare/mod.ts";
import { compareFigures } from "../../../reports/compare/figures.ts";
import { verdictsJson } from "../../../reports/compare/verdicts-json.ts";
import { mergedFigures, renderMergedHtml, renderMergedMarkdown } from "../../../reports/merge/mod.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";
import { latencyRun } from "./latency-fixture.ts";

async function baseAndCurrent(): Promise<{ base: Results; current: Results }> {
  // write-read: p99 30% slower, while its round trips' throughput reads 30% higher (a cheaper p50).
  // vmsplice-splice: p50 and p99 both 40% lower (faster).
  const base = await latencyRun({ p50: 10, p99: 50, gib: 0.1 }, { p50: 20, p99: 100, gib: 0.2 });
  const current = await latencyRun({ p50: 10, p99: 65, gib: 0.13 }, { p50: 12, p99: 60, gib: 0.12 });
  current.system = { ...current.system, hostname: "bench-02" };
  return { base, current };
}

Deno.test("compare: a latency case slower in p99 is slower, never faster, whatever its round trips' throughput", async () => {
  const { base, current } = await baseAndCurrent();
  const c = compareResults(base, "base.json", current, "current.json");
  const of = (id: string, figure: string) => c.cases.find((item) => item.id === id && item.latencyFigure === figure);
  const p99 = of("blog/write-read", "p99")!;
  assertEquals(p99.verdict, "slower");
  assert(Math.abs(p99.ratio - 1.3) < 0.02, `p99 ratio ${p99.ratio}`);
  assertEquals(p99.base.median > 49 && p99.base.median < 51, true);
  assertEquals(of("blog/write-read", "p50")!.verdict, "unchanged");
  assertEquals(of("blog/vmsplice-splice", "p50")!.verdict, "faster");
  assertEquals(of("blog/vmsplice-splice", "p99")!.verdict, "faster");
  // No comparison of a latency case is of its throughput.
  assertEquals(c.cases.filter((item) => item.id === "blog/write-read").map((item) => item.latencyFigure), [
    "p50",
    "p99",
  ]);
  // Throughput cases are compared as before.
  assertEquals(c.cases.find((item) => item.id === "blog/write-read-huge")!.latencyFigure, undefined);
  // verdicts.json: the slower case once, each comparison with its figure.
  const json = JSON.parse(verdictsJson(c));
  assertEquals(json.slower, ["blog/write-read"]);
  assert(json.cases.some((item: { latencyFigure?: string }) => item.latencyFigure === "p99"));
});

Deno.test("compare --family-wise: each latency figure is one more test of the family", async () => {
  const { base, current } = await baseAndCurrent();
  const c = compareResults(base, "base.json", current, "current.json", { familyWise: true });
  // 7 cases, two of them latency: 9 tests; 5 runs against 5 cannot reach 0.05 / 9 (p ≥ 0.0079 > 0.0056).
  const p99 = c.cases.find((item) => item.id === "blog/write-read" && item.latencyFigure === "p99")!;
  assertEquals(p99.verdict, "inconclusive");
  assertIncludes(p99.reason ?? "", "too few samples");
});

Deno.test("compare outputs: latency comparisons in their own table, in µs, lower is better, in every output", async () => {
  const { base, current } = await baseAndCurrent();
  const c = compareResults(base, "base.json", current, "current.json");
  const table = formatCompareTable(c);
  assertIncludes(table, "base GiB/s");
  const latencyBlock = table.slice(table.indexOf("write_read · p99") - 200);
  assertIncludes(latencyBlock, "write_read · p99");
  assert(/write_read · p99\s+50\.\d µs\s+65\.\d µs\s+\+30\.\d%.*slower/.test(table), table);
  assertIncludes(table, "lower is better");
  const markdown = renderCompareMarkdown(c);
  assertIncludes(markdown, "### Latency (lower is better)");
  assertIncludes(markdown, "**write\\_read · p99**: +30");
  assert(markdown.indexOf("> [!WARNING]") < markdown.indexOf("| write\\_read · p99"), "regression called out first");
  const html = renderCompareHtml(c);
  assertIncludes(html, "<h3>Latency (lower is better)</h3>");
  assertIncludes(html, "write_read · p99");
  assertIncludes(html, "<b>65.");
  const names = compareFigures(c).map((figure) => figure.name);
  assertEquals(names, ["compare-ratio", "compare-distributions", "compare-latency-distributions"]);
  const latencyChart = compareFigures(c)[2];
  // deno-lint-ignore no-explicit-any
  assertEquals((latencyChart.layout as any).yaxis.type, "log");
});

Deno.test("merge: latency cases carry their p50 and p99 per machine, in their own table, out of the GiB/s charts", async () => {
  const { base, current } = await baseAndCurrent();
  const m = mergeResults([{ results: base, file: "a.json" }, { results: current, file: "b.json" }]);
  const ping = m.cases.find((c) => c.id === "blog/write-read")!;
  assert(ping.latency !== undefined, "latency carried");
  assert(Math.abs(ping.latency.p99[0]!.median - 50) < 1 && Math.abs(ping.latency.p99[1]!.median - 65) < 1.5);
  assertEquals(m.cases.find((c) => c.id === "blog/write-read-huge")!.latency, undefined);
  const markdown = renderMergedMarkdown(m);
  assertIncludes(markdown, "### Latency (lower is better)");
  assert(/\| write\\_read \|[^\n]*50\.\d µs[^\n]*1\.30×/.test(markdown), markdown);
  const throughputTable = markdown.slice(0, markdown.indexOf("### Latency"));
  assert(!throughputTable.includes("| write\\_read |"), "a latency case is not in the GiB/s table");
  assertIncludes(renderMergedHtml(m), "<h3>Latency (lower is better)</h3>");
  // deno-lint-ignore no-explicit-any
  const headline = mergedFigures(m)[0].data as any[];
  assert(!headline[0].x.includes("write_read"), "no GiB/s bar for a latency case");
});

Deno.test("compare outputs count cases, not figures: two latency cases of seven make nine comparisons", async () => {
  const { base, current } = await baseAndCurrent();
  const c = compareResults(base, "base.json", current, "current.json");
  const counted = "7 cases compared (9 comparisons: p50 and p99 of each latency case)";
  assertIncludes(renderCompareMarkdown(c), counted);
  assertIncludes(renderCompareHtml(c), counted);
});

/** The figures a page embeds (its `pipespeed-figures` JSON), as the browser reads them. */
// deno-lint-ignore no-explicit-any
function embeddedFigures(html: string): { name: string; data: any[]; layout: any }[] {
  const match = html.match(/<script type="application\/json" id="pipespeed-figures">([\s\S]*?)<\/script>/);
  assert(match !== null, "no embedded figures");
  return JSON.parse(match[1]);
}

Deno.test("merge: the run report's percentile chart, one line per latency case and machine, in report.html and summary.md", async () => {
  const { base, current } = await baseAndCurrent();
  const m = mergeResults([{ results: base, file: "a.json" }, { results: current, file: "b.json" }]);
  const [a, b] = m.machines.map((machine) => machine.label);
  const html = renderMergedHtml(m);
  assert(html.includes(`data-name="merged-latency-percentiles"`), "no latency chart's element in the merged page");
  const figure = embeddedFigures(html).find((f) => f.name === "merged-latency-percentiles");
  assert(figure !== undefined, "no latency chart in the merged page");
  assertEquals(figure.data.map((trace) => trace.name), [
    `write_read · ${a}`,
    `write_read · ${b}`,
    `vmsplice_splice · ${a}`,
    `vmsplice_splice · ${b}`,
  ]);
  // The run report's nines axis and log time axis.
  assertEquals(figure.layout.xaxis.ticktext, ["50", "90", "99", "99.9", "99.99"]);
  assertEquals(figure.data[0].x.map((x: number) => Math.round(x * 100) / 100), [0.3, 1, 2, 3, 4]);
  assertEquals(figure.layout.yaxis.type, "log");
  // p99 of write_read: 50 µs on the first machine, 65 µs on the second; 1000 round trips resolve
  // p99.9 but not p99.99 (not drawn).
  const [pingA, pingB, pongA] = figure.data;
  assert(Math.abs(pingA.y[2] - 50) < 1 && Math.abs(pingB.y[2] - 65) < 1.5, `${pingA.y} / ${pingB.y}`);
  assert(pingA.y[3] !== null && pingA.y[4] === null, `${pingA.y}`);
  // Colour per machine (as the bars), dash per case.
  assertEquals(pingA.line.color, pongA.line.color);
  assert(pingA.line.color !== pingB.line.color && pingA.line.dash !== pongA.line.dash);
  // The exported images are listed in summary.md with the others.
  assertIncludes(
    renderMergedMarkdown(m, { images: true }),
    "![Round-trip latency by percentile, per machine](charts/merged-latency-percentiles.svg)",
  );
  // Latency cases only: the chart alone; a one-way case (a `rate`) is not a round trip: left out.
  const only = (results: Results, oneWay: boolean): Results => ({
    ...results,
    cases: results.cases.filter((c) => c.params.measure === "latency").map((c) =>
      oneWay && c.id === "blog/vmsplice-splice" ? { ...c, params: { ...c.params, rate: 1000 } } : c
    ),
  });
  const latencyOnly = mergeResults([{ results: only(base, true), file: "a.json" }, {
    results: only(current, true),
    file: "b.json",
  }]);
  const figures = mergedFigures(latencyOnly);
  assertEquals(figures.map((f) => f.name), ["merged-latency-percentiles"]);
  assertEquals(figures[0].data.map((trace) => (trace as { name: string }).name), [
    `write_read · ${a}`,
    `write_read · ${b}`,
  ]);
  assertEquals(mergedFigures(mergeResults([{ results: base, file: "a.json" }])).at(-1)!.data.length, 2);
});

Deno.test("merge: a p99 the runs timed too few round trips for is —, and so is its ratio (as in a run's table)", async () => {
  const { base, current } = await baseAndCurrent();
  // 50 round trips a run on the second machine: its p99 would be the slowest of them, the maximum.
  current.cases = current.cases.map((c) =>
    c.id !== "blog/write-read"
      ? c
      : { ...c, samples: c.samples.map((s) => ({ ...s, latency: { ...s.latency!, roundTrips: 50 } })) }
  );
  const m = mergeResults([{ results: base, file: "a.json" }, { results: current, file: "b.json" }]);
  const row = renderMergedMarkdown(m).split("\n").find((line) => line.startsWith("| write\\_read |"))!;
  const cells = row.split("|").map((cell) => cell.trim()).slice(2, -1);
  assertEquals(cells.length, 5, row);
  assert(/^50\.\d µs/.test(cells[1]) && /^10\.\d µs/.test(cells[2]), row);
  assertEquals([cells[3], cells[4]], ["—", "—"], row);
  assertIncludes(renderMergedHtml(m), "too few round trips for the percentile");
  // Not drawn in the chart either.
  const figure = mergedFigures(m).find((f) => f.name === "merged-latency-percentiles")!;
  // deno-lint-ignore no-explicit-any
  assertEquals((figure.data[1] as any).y.slice(2), [null, null, null]);
});
