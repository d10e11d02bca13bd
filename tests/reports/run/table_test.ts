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
import { casesStats } from "../../../stats/stats.ts";
import { mergeResults } from "../../../stats/merge.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";

const FIXTURE = new URL("../../fixtures/results/blog.json", import.meta.url);

/** blog.json with write_read unmeasured (no sample) and write_read_huge measured once. */
function edgeResults(): Results {
  const results: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  results.cases[0] = { ...results.cases[0], samples: [], stats: null };
  const one = results.cases[1];
  one.samples = one.samples.slice(0, 1);
  restat(results);
  return results;
}

/** Recomputes every case's statistics, as a run finishing does. */
function restat(results: Results): void {
  const stats = casesStats(results.cases, results.seed);
  results.cases.forEach((c, index) => c.stats = stats[index]);
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
  for (const c of many.cases) c.samples = [...samples, ...samples];
  restat(many);
  const manyNote = runTable(many).note!;
  assert(!manyNote.includes("n ≤ 5"), "n = 10 everywhere: no small-sample note");
  assertIncludes(manyNote, "exact order-statistic (binomial) interval below 60 runs");
  assertEquals(count(formatTable(many), "note:"), 1);
});

Deno.test("run table: vs first is the paired ratio with its CI; two modes are listed under the table", () => {
  const results: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  const group = runTable(results).groups[0];
  const [first, , third] = group.rows;
  assertEquals(first.cells[4].text, "1.00×", "the first case is the reference");
  const paired = results.cases[2].stats!.ratioToFirst!;
  assertEquals(paired.pairs, 5);
  assertEquals(third.cells[4].value, paired.median);
  assertEquals(
    third.cells[4].text,
    `${paired.median.toFixed(2)}× (${paired.ci95Low.toFixed(2)}–${paired.ci95High.toFixed(2)}, 93.75%)`,
  );
  // vmsplice_read has two of its five samples at 35% of the others.
  assertEquals(third.modes.length, 2);
  assertEquals(group.notes.length, 1);
  assert(
    /^vmsplice_read: two modes: \d+\.\d\d GiB\/s \(40%\) and \d+\.\d\d GiB\/s \(60%\)$/.test(group.notes[0]),
    group.notes[0],
  );
  assertIncludes(formatTable(results), group.notes[0], "terminal");
  assertIncludes(renderMarkdown(results), `- ${escapeMarkdown(group.notes[0])}`, "summary.md");
  assertIncludes(renderHtml(results), `<li>${group.notes[0]}</li>`, "report.html");
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
