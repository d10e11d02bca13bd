/**
 * `compare` of a latency figure a side's runs timed too few round trips for (a p99 of fewer than
 * 100 is the runs' maximum): `unresolved`, with no verdict on its change, "—" where a run's table
 * and a merge's show it, and no test of the family-wise correction.
 */
import { compareResults } from "../../../stats/compare.ts";
import type { Results } from "../../../model/types.ts";
import { formatCompareTable, renderCompareHtml, renderCompareMarkdown } from "../../../reports/compare/mod.ts";
import { compareFigures } from "../../../reports/compare/figures.ts";
import { verdictsJson } from "../../../reports/compare/verdicts-json.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";
import { blogWithLatency, latencyRun } from "./latency-fixture.ts";

/** `results` with every run of case `id` timing `roundTrips` round trips (its parameters as they were). */
function timed(results: Results, id: string, roundTrips: number): Results {
  return {
    ...results,
    cases: results.cases.map((c) =>
      c.id !== id ? c : { ...c, samples: c.samples.map((s) => ({ ...s, latency: { ...s.latency!, roundTrips } })) }
    ),
  };
}

Deno.test("compare: a p99 both sides timed 50 round trips a run for is not resolved, not slower", async () => {
  // write-read's p99 reads 30% higher, but from 50 round trips a run it is each run's maximum.
  const base = await latencyRun({ p50: 10, p99: 50, gib: 0.1, roundTrips: 50 }, { p50: 20, p99: 100, gib: 0.2 });
  const current = await latencyRun({ p50: 10, p99: 65, gib: 0.1, roundTrips: 50 }, { p50: 12, p99: 60, gib: 0.12 });
  const c = compareResults(base, "base.json", current, "current.json");
  const of = (id: string, figure: string) => c.cases.find((item) => item.id === id && item.latencyFigure === figure)!;
  const p99 = of("blog/write-read", "p99");
  assertEquals(p99.verdict, "unresolved");
  assertEquals(p99.reason, "50 round trips per run; p99 needs ≥ 100");
  assertEquals(p99.resolved, { base: false, current: false });
  assert(Number.isNaN(p99.ratio) && Number.isNaN(p99.pValue), `no ratio, no test: ${p99.ratio}, ${p99.pValue}`);
  // 50 round trips resolve the p50 (it needs 2): judged as before; so is the case timed 1000 a run.
  assertEquals(of("blog/write-read", "p50").verdict, "unchanged");
  assertEquals(of("blog/write-read", "p50").resolved, { base: true, current: true });
  assertEquals(of("blog/vmsplice-splice", "p99").verdict, "faster");
  const json = JSON.parse(verdictsJson(c));
  assertEquals(json.slower, []);
  const row = json.cases.find((item: { id: string; latencyFigure?: string }) =>
    item.id === "blog/write-read" && item.latencyFigure === "p99"
  );
  assertEquals(
    { ...row, name: undefined },
    {
      id: "blog/write-read",
      name: undefined,
      latencyFigure: "p99",
      verdict: "unresolved",
      ratio: null,
      ratioLow: null,
      ratioHigh: null,
      pValue: null,
      baseMedian: null,
      headMedian: null,
      reason: "50 round trips per run; p99 needs ≥ 100",
    },
  );
});

Deno.test("compare outputs: a figure one side cannot resolve is — on that side, not resolved, and why", async () => {
  const base = await latencyRun({ p50: 10, p99: 50, gib: 0.1 }, { p50: 20, p99: 100, gib: 0.2 });
  // The same parameters (1000 round trips), but the current runs timed 50 each.
  const current = timed(
    await latencyRun({ p50: 10, p99: 65, gib: 0.1 }, { p50: 20, p99: 100, gib: 0.2 }),
    "blog/write-read",
    50,
  );
  const c = compareResults(base, "base.json", current, "current.json");
  const p99 = c.cases.find((item) => item.id === "blog/write-read" && item.latencyFigure === "p99")!;
  const why = "base 1000, current 50 round trips per run; p99 needs ≥ 100";
  assertEquals([p99.verdict, p99.reason], ["unresolved", why]);
  assertEquals(p99.resolved, { base: true, current: false });

  const table = formatCompareTable(c);
  const line = table.split("\n").find((text) => text.startsWith("write_read · p99 "))!;
  assert(/^write_read · p99\s+50\.\d µs\s+—\s+—\s+—\s+not resolved$/.test(line), line);
  assertIncludes(table, `write_read · p99: not resolved: ${why}`);
  assertIncludes(table, "1 not resolved");
  assertIncludes(table, `could not be judged: 1 not resolved (${why}).`);

  const markdown = renderCompareMarkdown(c);
  const mdRow = markdown.split("\n").find((text) => text.startsWith("| write\\_read · p99 "))!;
  const cells = mdRow.split("|").map((cell) => cell.trim()).slice(2, -1);
  assert(/^50\.\d µs/.test(cells[0]), mdRow);
  assertEquals(cells.slice(1), ["—", "—", "—", "⚪ not resolved"], mdRow);
  assertIncludes(markdown, `- **write\\_read · p99**: not resolved: ${why}`);
  assertIncludes(markdown, "**1 not resolved**");

  const html = renderCompareHtml(c);
  assertIncludes(html, `<span class="verdict unresolved" title="${why}">not resolved</span>`);
  assertIncludes(html, ".verdict.unresolved {");
  assertIncludes(html, "<b>not resolved</b>");

  const json = JSON.parse(verdictsJson(c));
  const row = json.cases.find((item: { latencyFigure?: string; id: string }) =>
    item.id === "blog/write-read" && item.latencyFigure === "p99"
  );
  assertEquals([row.verdict, row.ratio, row.pValue, row.headMedian, row.reason], ["unresolved", null, null, null, why]);
  assert(row.baseMedian > 49 && row.baseMedian < 51, `${row.baseMedian}`);

  // No ratio marker for it, and the current side's maxima are not drawn as its p99.
  const [ratio, , distributions] = compareFigures(c);
  // deno-lint-ignore no-explicit-any
  const traces = ratio.data as any[];
  assert(traces.every((trace) => !trace.name.startsWith("not resolved")), traces.map((t) => t.name).join());
  // deno-lint-ignore no-explicit-any
  const [baseBox, currentBox] = distributions.data as any[];
  assertEquals(baseBox.x.filter((x: string) => x === "write_read · p99").length, 5);
  assertEquals(currentBox.x.filter((x: string) => x === "write_read · p99").length, 0);
});

Deno.test("compare: parameters that differ come first, and the reason also says the figure is not resolved", async () => {
  const base = await latencyRun({ p50: 10, p99: 50, gib: 0.1 }, { p50: 20, p99: 100, gib: 0.2 });
  const current = await latencyRun({ p50: 10, p99: 65, gib: 0.1, roundTrips: 50 }, { p50: 20, p99: 100, gib: 0.2 });
  const c = compareResults(base, "base.json", current, "current.json");
  const p99 = c.cases.find((item) => item.id === "blog/write-read" && item.latencyFigure === "p99")!;
  assertEquals(p99.verdict, "incomparable");
  assertIncludes(p99.reason ?? "", "parameters differ: roundTrips");
  assertIncludes(p99.reason ?? "", "; not resolved: base 1000, current 50 round trips per run; p99 needs ≥ 100");
});

Deno.test("compare --family-wise: a figure not resolved is no test of the family", async () => {
  // Six cases, four of them latency cases timing 50 round trips a run: 6 tests (p50 of each, two
  // throughputs), not 10. 5 runs against 5, fully separated, give p = 2/252 ≈ 0.0079: below
  // 0.05 / 6, not below 0.05 / 10.
  const rest = { p99: 50, gib: 0.1, roundTrips: 50 };
  const latency = (writeRead: number) => ({
    "blog/write-read": { ...rest, p50: writeRead },
    "blog/vmsplice-read": { ...rest, p50: 20 },
    "blog/vmsplice-splice": { ...rest, p50: 30 },
    "blog/busy-loop-huge": { ...rest, p50: 40 },
  });
  const six = (results: Results): Results => ({
    ...results,
    cases: results.cases.filter((c) => c.id !== "blog/vmsplice-splice-huge"),
  });
  const base = six(await blogWithLatency(latency(10)));
  const current = six(await blogWithLatency(latency(13)));
  assertEquals(base.cases.length, 6);
  const c = compareResults(base, "base.json", current, "current.json", { familyWise: true });
  const p50 = c.cases.find((item) => item.id === "blog/write-read" && item.latencyFigure === "p50")!;
  assert(p50.pValue < 0.05 / 6 && p50.pValue > 0.05 / 10, `p ${p50.pValue}`);
  assertEquals([p50.verdict, p50.reason], ["slower", null]);
  assertEquals(c.cases.filter((item) => item.verdict === "unresolved").length, 4);
});
