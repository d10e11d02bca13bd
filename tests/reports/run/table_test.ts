/**
 * The one run table model (reports/run/table.ts) and its layouts: the terminal table, summary.md and
 * report.html show the same columns and the same cells; one sample shows no interval; small n is
 * explained once (issue 13, items 3 and "one table model").
 */
import type { Results } from "../../../model/types.ts";
import { mergedFigures } from "../../../reports/merge/figures.ts";
import { escapeMarkdown } from "../../../reports/markdown-table.ts";
import { headlineChart } from "../../../reports/run/charts/mod.ts";
import { formatTable, renderHtml, renderMarkdown, RUN_COLUMNS, runTable } from "../../../reports/run/mod.ts";
import { caseStats } from "../../../stats/stats.ts";
import { mergeResults } from "../../../stats/merge.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";

const FIXTURE = new URL("../../fixtures/results/blog.json", import.meta.url);

/** blog.json with write_read unmeasured (no sample) and write_read_huge measured once. */
function edgeResults(): Results {
  const results: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  results.cases[0] = { ...results.cases[0], samples: [], stats: null };
  const one = results.cases[1];
  one.samples = one.samples.slice(0, 1);
  one.stats = caseStats(one.samples.map((s) => s.gibPerSecond), results.seed);
  return results;
}

// deno-lint-ignore no-explicit-any
type Trace = Record<string, any>;

/** The text of every cell of an HTML table row, tags and badges left out. */
function htmlCells(row: string): string[] {
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) =>
    match[1].replace(/<a class="badge".*?<\/a>/g, "").replace(/<[^>]+>/g, "").trim()
  );
}

Deno.test("run table: the terminal, summary.md and report.html lay out the same columns and cells", () => {
  const results = edgeResults();
  const table = runTable(results);
  const labels = RUN_COLUMNS.map((column) => column.label);
  assertEquals(labels, ["case", "GiB/s (median)", "95% CI", "CV", "vs first", "runs", "failed"]);
  const terminal = formatTable(results).split("\n");
  const markdown = renderMarkdown(results).split("\n");
  const html = renderHtml(results);
  const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="charts"'));
  assertEquals(terminal.find((line) => line.startsWith("case"))!.trim().split(/ {2,}/), labels);
  assertIncludes(markdown.join("\n"), `| ${labels.join(" | ")} |`);
  for (const label of labels) assertIncludes(summary, `>${label}</th>`);
  const htmlRows = summary.match(/<tr><td class="case">.*?<\/tr>/g)!;
  const rows = table.groups.flatMap((group) => group.rows);
  assertEquals(htmlRows.length, rows.length);
  rows.forEach((row, index) => {
    const texts = row.cells.map((cell) => cell.text);
    const line = terminal.find((candidate) => candidate.startsWith(`${texts[0]} `))!;
    assertEquals(line.trim().split(/ {2,}/), texts, `terminal row of ${row.id}`);
    assertIncludes(markdown.join("\n"), `| ${texts.map(escapeMarkdown).join(" | ")} |`, `summary.md row of ${row.id}`);
    assertEquals(htmlCells(htmlRows[index]), [row.name, ...texts.slice(1)], `report.html row of ${row.id}`);
  });
});

Deno.test("run table: no sample and one sample show — ; vs first is to the first measured case", () => {
  const results = edgeResults();
  const [none, one, third] = runTable(results).groups[0].rows;
  assertEquals(none.cells.map((cell) => cell.text), ["write_read", "—", "—", "—", "—", "0", "0"]);
  const single = results.cases[1].stats!.throughputGibPerSecond;
  assertEquals(one.cells.map((cell) => cell.text), [
    "write_read_huge ⚠",
    single.median.toFixed(2),
    "—",
    "—",
    "1.00×",
    "1",
    "0",
  ]);
  assert(!formatTable(results).includes(`${single.median.toFixed(2)}–${single.median.toFixed(2)}`), "no x–x interval");
  assertEquals(third.cells[4].text, `${(third.summary!.median / single.median).toFixed(2)}×`);
  assertEquals(third.cells[2].value, [third.summary!.ci95Low, third.summary!.ci95High]);
});

Deno.test("run table: small n is explained once under the table, in every output, with its real coverage", () => {
  const results = edgeResults();
  const note = runTable(results).note!;
  assertIncludes(note, "n = 1: one sample, no interval nor CV");
  assertIncludes(note, "93.75% at n = 5");
  assert(!note.includes("at n = 1"), "n = 1 has no range to cover anything");
  const count = (text: string, fragment: string) => text.split(fragment).length - 1;
  assertEquals(count(formatTable(results), "93.75% at n = 5"), 1, "terminal");
  assertEquals(count(renderMarkdown(results), "93.75% at n = 5"), 1, "summary.md");
  assertEquals(count(renderHtml(results), "93.75% at n = 5"), 1, "report.html");
  const many: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  const samples = many.cases[0].samples;
  for (const c of many.cases) {
    c.samples = [...samples, ...samples];
    c.stats = caseStats(c.samples.map((s) => s.gibPerSecond), many.seed);
  }
  assertEquals(runTable(many).note, null, "n = 10 everywhere: nothing to explain");
  assert(!formatTable(many).includes("note:"));
});

Deno.test("charts: no 95% CI bar from one sample (headline and merged headline)", () => {
  const results = edgeResults();
  const trace = (headlineChart(results).data as Trace[])[0];
  assertEquals(trace.error_y.array[1], null, "one sample: no bar");
  assertEquals(trace.error_y.arrayminus[1], null);
  assert(trace.error_y.array[2] > 0, "five samples: a bar");
  assertIncludes(trace.customdata[1][1], "no interval (n = 1)");
  assertIncludes(trace.customdata[2][1], "range");
  const merged = mergeResults([{ results, file: "a.json" }]);
  const bars = (mergedFigures(merged)[0].data as Trace[])[0];
  assertEquals(bars.error_y.array[1], null, "merged: one sample, no whisker");
  assert(bars.error_y.array[2] > 0);
});
