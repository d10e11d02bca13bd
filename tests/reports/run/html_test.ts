import type { Results } from "../../../model/types.ts";
import { chartsFor, renderHtml } from "../../../reports/run/mod.ts";
import { jsonForScript } from "../../../reports/page/escape.ts";
import { REPORT_CSP } from "../../../reports/page/shell.ts";
import { largeResults } from "../../fixtures/make-results.ts";
import { assert, assertEquals } from "../../helpers.ts";

const FIXTURES = new URL("../../fixtures/results/", import.meta.url);
const EVIL = "<script>alert(1)</script>";

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

/** The page without the inlined Plotly bundle (which has its own strings). */
function ownMarkup(html: string): string {
  const start = html.indexOf('<script type="application/json"');
  return html.slice(0, start);
}

/** The blog results with hostile strings everywhere a user can put one. */
async function hostile(): Promise<Results> {
  const results = await fixture("blog");
  results.cases[0] = { ...results.cases[0], name: EVIL, warnings: [`warning ${EVIL}`] };
  results.scenarios[0] = { ...results.scenarios[0], description: `<img src=x onerror=alert(1)>` };
  results.cases[6].failures[0] = { ...results.cases[6].failures[0], reason: `</pre>${EVIL}` };
  results.system = { ...results.system, hostname: `host"><svg onload=alert(1)>` };
  results.warnings = [...results.warnings, `run ${EVIL}`];
  return results;
}

Deno.test("html: a <script> case name appears only escaped, never as a tag", async () => {
  const html = renderHtml(await hostile(), {});
  assert(!html.includes(EVIL), "raw script tag");
  assert(!html.includes("<img src=x"), "raw img tag");
  assert(!html.includes("<svg onload"), "raw svg tag");
  assert(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped name in the tables");
  assert(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert(html.includes("host&quot;&gt;&lt;svg onload=alert(1)&gt;"));
  // Exactly our own script elements: the figure data, Plotly and the bootstrap.
  assertEquals(html.match(/<script\b/g)?.length, 3);
});

Deno.test("html: a Content-Security-Policy meta forbids remote loads", async () => {
  const html = renderHtml(await fixture("blog"), {});
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert(meta, "CSP meta present");
  const policy = meta[1].replaceAll("&#39;", "'");
  assertEquals(policy, REPORT_CSP);
  assert(/default-src 'none'/.test(policy), policy);
  assert(/script-src 'unsafe-inline'/.test(policy), policy);
  assert(/style-src 'unsafe-inline'/.test(policy), policy);
  assert(/img-src data: blob:/.test(policy), policy);
  assert(!/https?:/.test(policy));
  assert(html.indexOf("Content-Security-Policy") < html.indexOf("<style>"), "CSP comes before any content");
});

Deno.test("html: no external asset: no src, no stylesheet link, no remote URL in our markup", async () => {
  const html = renderHtml(await fixture("blog"), {});
  const own = ownMarkup(html);
  assert(!/<link\b/i.test(own));
  assert(!/\ssrc=/i.test(own));
  assert(!/https?:\/\//i.test(own));
  assert(!/<script[^>]+src=/i.test(html));
});

Deno.test("html: figure data embedded as JSON with < escaped, and parses back", async () => {
  const results = await hostile();
  const html = renderHtml(results, {});
  const block = html.match(/<script type="application\/json" id="pipespeed-figures">(.*?)<\/script>/s);
  assert(block, "figure block present");
  assert(!block[1].includes("<"), "no < inside the JSON block");
  const figures = JSON.parse(block[1]) as { id: string; name: string }[];
  assertEquals(figures.map((f) => f.name), chartsFor(results).map((f) => f.name));
  for (const figure of figures) assert(html.includes(`<div class="chart" id="${figure.id}"`), figure.id);
  assertEquals(jsonForScript({ a: "</script><!--" }), '{"a":"\\u003c/script>\\u003c!--"}');
});

Deno.test("html: summary table per scenario with the run table's columns", async () => {
  const results = await fixture("blog");
  const html = renderHtml(results, {});
  const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="charts"'));
  for (const heading of ["case", "GiB/s (median)", "95% CI", "CV", "vs first", "runs", "failed"]) {
    assert(summary.includes(`>${heading}</th>`), heading);
  }
  const rows = summary.match(/<tr><td class="case">/g) ?? [];
  assertEquals(rows.length, 7);
  const first = results.cases[0].stats!.throughputGibPerSecond;
  const last = results.cases[6].stats!.throughputGibPerSecond;
  assert(summary.includes(`>${first.median.toFixed(2)}<`));
  const paired = results.cases[6].stats!.ratioToFirst!;
  assert(summary.includes(`${paired.median.toFixed(2)}× (${paired.ci95Low.toFixed(2)}–`), "ratio to the first case");
  assert(!summary.includes(`${(last.median / first.median).toFixed(2)}×`), "paired, not the ratio of the medians");
  assert(summary.includes(`<td class="num">1.00×</td>`));
  assert(summary.includes(`<td class="num failed">1</td>`), "busy_loop_huge failed once");
  assert(summary.includes(`${(last.cv * 100).toFixed(1)}%`));
});

Deno.test("html: warnings, failures with reasons, system metadata and parameters", async () => {
  const results = await fixture("blog");
  const html = renderHtml(results, {});
  assert(html.includes(results.warnings[0]), "run warning");
  assert(html.includes("Warnings (2)"));
  assert(html.includes("Failed runs (1)"));
  assert(html.includes("splice: EAGAIN retried 1000000 times"));
  for (const value of ["AMD EPYC 7B13 64-Core Processor", "6.8.0-59-generic", "always [madvise] never", "1MiB"]) {
    assert(html.includes(value), value);
  }
  const parameters = html.slice(html.indexOf('id="parameters"'));
  assertEquals((parameters.match(/<tr><td class="case">/g) ?? []).length, 7);
  assert(parameters.includes("256KiB"));
  assert(parameters.includes("huge, busy<"), "flags of a busy huge-page case, and no `touch` (the default)");
});

Deno.test("html: raw JSON link, default and custom (escaped)", async () => {
  const results = await fixture("blog");
  assert(renderHtml(results, {}).includes(`href="results.json"`));
  const custom = renderHtml(results, { jsonHref: `../r"un/results.json` });
  assert(custom.includes(`href="../r&quot;un/results.json"`));
});

Deno.test("html: several scenarios get a summary and a parameter table each", async () => {
  const blog = await fixture("blog");
  const sweep = await fixture("buffer-sweep");
  const html = renderHtml({
    ...blog,
    scenarios: [...blog.scenarios, ...sweep.scenarios],
    cases: [...blog.cases, ...sweep.cases],
  }, {});
  assertEquals(html.match(/<h3>blog<\/h3>/g)?.length, 2);
  assertEquals(html.match(/<h3>buffer-sweep<\/h3>/g)?.length, 2);
  assert(html.includes(`data-name="sweep-buffer-sweep"`));
});

Deno.test("html: a run without samples still renders", async () => {
  const results = await fixture("blog");
  results.cases = results.cases.map((c) => ({ ...c, samples: [], stats: null }));
  results.interrupted = true;
  results.finishedAt = null;
  const html = renderHtml(results, {});
  assert(html.includes("no sample"));
  assert(html.includes("interrupted"));
});

// Plotly itself is 1.4 MB; the rest grows with the cases (the table, the "Why" steps and cost model,
// every sample over time): 3.2 MB at 500 cases once "Why" came. The limit catches runaway growth.
Deno.test("html: 500 cases stay under 4 MB", () => {
  const results = largeResults(500);
  const started = performance.now();
  const html = renderHtml(results, {});
  const milliseconds = performance.now() - started;
  const bytes = new TextEncoder().encode(html).length;
  console.log(`  500 cases: ${(bytes / 1024 / 1024).toFixed(2)} MB in ${milliseconds.toFixed(0)} ms`);
  assert(bytes < 4 * 1024 * 1024, `${bytes} bytes`);
});

Deno.test("html: the parameters table has a column for every value field of the field table, valued as scenario files write it", async () => {
  const html = renderHtml(await fixture("blog"), {});
  const parameters = html.slice(html.indexOf('id="parameters"'));
  for (const name of ["bufferSize", "bufferOffset", "pipeSize", "bytes", "duration", "repetitions", "warmup", "cpus"]) {
    assert(parameters.includes(`<code>${name}</code>`), `a ${name} column`);
  }
  assert(parameters.includes('<td class="num">16</td>'), "bufferOffset 16 (malloc's placement) shown");
  assert(parameters.includes('<td class="num">1GiB</td>'), "bytes as a scenario file writes them");
});
