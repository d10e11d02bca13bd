import { type Merged, mergeResults } from "../../../stats/compare.ts";
import type { Results } from "../../../model/types.ts";
import {
  mergedFigures,
  renderMergedHtml,
  renderMergedMarkdown,
  writeMergedReport,
} from "../../../reports/merge/mod.ts";
import { REPORT_CSP } from "../../../reports/page/shell.ts";
import { assert, assertEquals } from "../../helpers.ts";

const FIXTURES = new URL("../../fixtures/results/", import.meta.url);
const EVIL = "<script>alert(1)</script>";

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

/** blog.json on bench-01, and a copy on bench-02: 10% slower, without busy_loop_huge. */
async function twoMachines(): Promise<{ a: Results; b: Results }> {
  const a = await fixture("blog");
  const b: Results = structuredClone(a);
  b.system = { ...b.system, hostname: "bench-02", kernelRelease: "6.12.0-1-amd64", cpuModel: "Other CPU" };
  b.runId = "2026-05-05T10-00-00Z-bench-02";
  b.cases = b.cases
    .filter((c) => c.id !== "blog/busy-loop-huge")
    .map((c) => ({ ...c, samples: c.samples.map((s) => ({ ...s, gibPerSecond: s.gibPerSecond * 0.9 })) }));
  return { a, b };
}

async function merged(): Promise<Merged> {
  const { a, b } = await twoMachines();
  return mergeResults([{ results: a, file: "a.json" }, { results: b, file: "b.json" }]);
}

// deno-lint-ignore no-explicit-any
type Trace = Record<string, any>;

Deno.test("mergedFigures: grouped bars per case, one trace per machine named by its label, CI bars", async () => {
  const m = await merged();
  const figures = mergedFigures(m);
  assertEquals(figures.map((f) => f.name), ["merged-headline", "merged-distribution"]);
  const headline = figures[0];
  assertEquals(headline.layout.barmode, "group");
  const traces = headline.data as Trace[];
  assertEquals(traces.map((t) => t.name), ["bench-01 6.8.0-59-generic", "bench-02 6.12.0-1-amd64"]);
  for (const [index, trace] of traces.entries()) {
    assertEquals(trace.type, "bar");
    assertEquals(trace.x, m.cases.map((c) => c.name));
    m.cases.forEach((c, k) => {
      const summary = c.perMachine[index];
      if (summary === null) {
        assertEquals(trace.y[k], null);
        return;
      }
      assert(Math.abs(trace.y[k] - summary.median) < 1e-4);
      assert(Math.abs(trace.y[k] + trace.error_y.array[k] - summary.ci95High) < 1e-4);
      assert(Math.abs(trace.y[k] - trace.error_y.arrayminus[k] - summary.ci95Low) < 1e-4);
    });
  }
  assertEquals(traces[1].y.at(-1), null, "busy_loop_huge was not measured on bench-02");
  const boxes = figures[1].data as Trace[];
  assertEquals(boxes.map((t) => t.name), traces.map((t) => t.name));
  assertEquals(boxes[1].y.length, 30);
  assertEquals(mergedFigures({ machines: m.machines, cases: [] }), []);
});

Deno.test("merge: equal hostnames still give distinct labels, in the traces and the metadata table", async () => {
  const a = await fixture("blog");
  const m = mergeResults([{ results: a, file: "one.json" }, { results: structuredClone(a), file: "two.json" }]);
  const names = (mergedFigures(m)[0].data as Trace[]).map((t) => t.name);
  assertEquals(names, ["bench-01 6.8.0-59-generic", "bench-01 6.8.0-59-generic (2)"]);
  const html = renderMergedHtml(m);
  assert(html.includes("<th>bench-01 6.8.0-59-generic</th><th>bench-01 6.8.0-59-generic (2)</th>"));
  assert(html.includes("<td>one.json</td><td>two.json</td>"));
});

Deno.test("renderMergedHtml: CSP, chart, medians per machine with ratio, machines side by side", async () => {
  const m = await merged();
  const html = renderMergedHtml(m);
  const own = html.slice(0, html.indexOf('<script type="application/json"'));
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert(meta, "CSP meta");
  assertEquals(meta[1].replaceAll("&#39;", "'"), REPORT_CSP);
  assertEquals(html.match(/<script\b/g)?.length, 3);
  assertEquals(own.match(/class="chart"/g)?.length, 2);
  assert(own.includes("<th>bench-01 6.8.0-59-generic</th><th>bench-02 6.12.0-1-amd64</th>"), "machine columns");
  for (const row of ["Host", "Kernel", "CPU", "CPUs", "THP", "pipe-max-size", "Hypervisor", "Deno", "Run id"]) {
    assert(own.includes(`<th scope="row">${row}</th>`), row);
  }
  assert(own.includes("<td>bench-01</td><td>bench-02</td>"));
  assert(own.includes("<td>2026-05-04T09-12-33Z-bench-01</td><td>2026-05-05T10-00-00Z-bench-02</td>"));
  assertEquals(own.match(/<td class="num">0\.90×<\/td>/g)?.length, 6, "ratio to the first machine");
  assert(own.includes(`<td class="num muted">—</td>`), "missing case shows a dash");
});

Deno.test("renderMergedHtml: labels, host and case names are escaped", async () => {
  const { a, b } = await twoMachines();
  a.cases[0] = { ...a.cases[0], name: EVIL };
  b.system = { ...b.system, hostname: `x"><svg onload=alert(1)>` };
  const m = mergeResults([{ results: a, file: "a.json", label: `<b>${EVIL}</b>` }, { results: b, file: "b.json" }]);
  const html = renderMergedHtml(m);
  assert(!html.includes(EVIL) && !html.includes("<svg onload") && !html.includes("<b><script"));
  assert(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assertEquals(html.match(/<script\b/g)?.length, 3);
  const names = (mergedFigures(m)[0].data as Trace[]).map((t) => t.name);
  assertEquals(names[0], "&lt;b&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/b&gt;", "escaped for Plotly");
});

Deno.test("renderMergedMarkdown: table of medians and ratios, machines, images only when asked", async () => {
  const m = await merged();
  const markdown = renderMergedMarkdown(m);
  assert(markdown.startsWith("## pipespeed on 2 machines\n"));
  assert(
    markdown.includes("| Case | bench-01 6.8.0-59-generic GiB/s (95% CI) | bench-02 6.12.0-1-amd64 GiB/s (95% CI) |"),
  );
  assert(markdown.includes("| busy\\_loop\\_huge | 61.74 "), markdown);
  assert(/\| busy\\_loop\\_huge \| [^|]+ \| — \| — \|/.test(markdown), "missing case: dashes");
  assert(markdown.includes("| Host | bench-01 | bench-02 |"));
  assert(!markdown.includes("!["));
  const withImages = renderMergedMarkdown(m, { images: true });
  assert(withImages.includes("](charts/merged-headline.svg)"));
});

Deno.test("writeMergedReport: report.html and summary.md", async () => {
  const m = await merged();
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-merge-" });
  try {
    const written = await writeMergedReport(m, directory, { images: false });
    assertEquals(written, {
      html: `${directory}/report.html`,
      markdown: `${directory}/summary.md`,
      stepSummary: `${directory}/step-summary.md`,
      images: [],
      imagesSkipped: null,
    });
    assertEquals(await Deno.readTextFile(written.markdown), renderMergedMarkdown(m));
    const skipped = await writeMergedReport(m, directory, {
      images: true,
      imageOptions: { chromiumPath: "/nonexistent/chromium" },
    });
    assert(skipped.imagesSkipped?.includes("/nonexistent/chromium"));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
