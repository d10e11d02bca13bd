import type { Results } from "../../../model/types.ts";
import { chartsFor, renderMarkdown } from "../../../reports/run/mod.ts";
import { escapeMarkdown } from "../../../reports/markdown-table.ts";
import { assert, assertEquals } from "../../helpers.ts";

const FIXTURES = new URL("../../fixtures/results/", import.meta.url);

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

/** Splits a Markdown table row into cells, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row.replace(/^\| | \|$/g, "").split(/(?<!\\) \| /);
}

Deno.test("markdown: heading names the machine (host, kernel, CPU)", async () => {
  const markdown = renderMarkdown(await fixture("blog"));
  const [heading] = markdown.split("\n");
  assert(heading.startsWith("## "));
  for (const part of ["bench-01", "6.8.0-59-generic", "AMD EPYC 7B13 64-Core Processor"]) {
    assert(heading.includes(part), part);
  }
});

Deno.test("markdown: one table per scenario with the run table's columns", async () => {
  const results = await fixture("blog");
  const markdown = renderMarkdown(results);
  const lines = markdown.split("\n");
  const header = lines.findIndex((line) => line.startsWith("| case |"));
  assertEquals(cells(lines[header]), ["case", "GiB/s (median)", "95% CI", "CV", "vs first", "runs", "failed"]);
  assertEquals(cells(lines[header + 1]), [":--", "--:", "--:", "--:", "--:", "--:", "--:"]);
  const rows = lines.slice(header + 2, header + 9).map(cells);
  assertEquals(rows.length, 7);
  const first = results.cases[0].stats!.throughputGibPerSecond;
  assertEquals(rows[0][0], "write\\_read");
  assertEquals(rows[0][1], first.median.toFixed(2));
  assertEquals(rows[0][2], `${first.ci95Low.toFixed(2)}–${first.ci95High.toFixed(2)} (93.75%)`, "n = 5: the range");
  assertEquals(rows[0][4], "1.00×");
  assertEquals(rows[0][5], "5");
  assertEquals(rows[1][0], "write\\_read\\_huge ⚠", "warned cases are marked");
  assertEquals(rows[6][6], "1", "one failure");
  assert(lines[header - 2] === "### blog");
});

Deno.test("markdown: names cannot break the table or inject HTML", async () => {
  const results = await fixture("blog");
  results.cases[0] = { ...results.cases[0], name: "a|b *c* _d_ <script>alert(1)</script> [x](y)\nz" };
  const markdown = renderMarkdown(results);
  assert(!markdown.includes("<script>"));
  const row = markdown.split("\n").find((line) => line.startsWith("| a"))!;
  assertEquals(cells(row).length, 7, "the | is escaped");
  assertEquals(
    cells(row)[0],
    "a\\|b \\*c\\* \\_d\\_ &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](y) z",
  );
  assertEquals(escapeMarkdown("`#1` ~~x~~ :tada: @team $x$"), "\\`#1\\` \\~\\~x\\~\\~ \\:tada\\: \\@team \\$x\\$");
});

Deno.test("markdown: warnings and failures listed", async () => {
  const markdown = renderMarkdown(await fixture("blog"));
  const section = markdown.slice(markdown.indexOf("### Warnings"));
  assert(section.includes("running in a virtual machine"));
  assert(section.includes("**write\\_read\\_huge**: huge pages"));
  assert(section.includes("**busy\\_loop\\_huge** run 35 failed (reader)"));
});

Deno.test("markdown: chart images only when exported", async () => {
  const results = await fixture("blog");
  assert(!renderMarkdown(results).includes("!["));
  assert(!renderMarkdown(results, { images: false }).includes("!["));
  const markdown = renderMarkdown(results, { images: true });
  const images = markdown.split("\n").filter((line) => line.startsWith("!["));
  const figures = chartsFor(results);
  assertEquals(images.length, figures.length);
  assertEquals(images[0], "![Median throughput per case](charts/headline.svg)");
  const custom = renderMarkdown(results, { images: true, imagesDir: "out/img/" });
  assert(custom.includes("](out/img/headline.svg)"));
});

Deno.test("markdown: quick and interrupted runs say so", async () => {
  const results = await fixture("blog");
  results.interrupted = true;
  results.options = { quick: true, filter: null };
  const markdown = renderMarkdown(results);
  assert(markdown.includes("> [!WARNING]"));
  assert(markdown.includes("Quick mode"));
});
