import pc from "picocolors";
import { compareResults, type Comparison } from "../../../stats/compare.ts";
import type { CaseResult, Results } from "../../../model/types.ts";
import {
  compareFigures,
  formatCompareTable,
  renderCompareHtml,
  renderCompareMarkdown,
  VERDICT_COLOURS,
  writeCompareReport,
} from "../../../reports/compare/mod.ts";
import { formatChange } from "../../../reports/format/percent.ts";
import { escapeMarkdown } from "../../../reports/markdown-table.ts";
import { REPORT_CSP } from "../../../reports/page/shell.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";

const FIXTURES = new URL("../../fixtures/results/", import.meta.url);
const EVIL = "<script>alert(1)</script>";
const EVIL_NEW = "<img src=x onerror=alert(2)>";

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

function scaled(result: CaseResult, factor: number): CaseResult {
  return { ...result, samples: result.samples.map((s) => ({ ...s, gibPerSecond: s.gibPerSecond * factor })) };
}

/**
 * blog.json as base; the current run: vmsplice_splice 20% slower, write_read_huge +1% (noise),
 * busy_loop_huge 25% faster, vmsplice_read_huge removed, one new case added, write_read renamed
 * to a `<script>` name, on another host.
 */
async function comparison(): Promise<Comparison> {
  const base = await fixture("blog");
  const current: Results = structuredClone(base);
  current.system = { ...current.system, hostname: "bench-02" };
  current.runId = "2026-05-05T09-00-00Z-bench-02";
  current.cases = current.cases.flatMap((c): CaseResult[] => {
    if (c.id === "blog/vmsplice-splice") return [scaled(c, 0.8)];
    if (c.id === "blog/write-read-huge") return [scaled(c, 1.01)];
    if (c.id === "blog/busy-loop-huge") return [scaled(c, 1.25)];
    if (c.id === "blog/vmsplice-read-huge") return [];
    if (c.id === "blog/write-read") return [{ ...c, name: EVIL }];
    return [c];
  });
  current.cases.push({ ...current.cases[1], id: "blog/new-case", name: EVIL_NEW });
  return compareResults(base, "base.json", current, "current.json");
}

// deno-lint-ignore no-explicit-any
type Trace = Record<string, any>;

function close(actual: number, expected: number, message: string): void {
  assert(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${message}: ${actual} ≠ ${expected}`);
}

Deno.test("compare: the fixture gives a clear regression, noise, an improvement and unmatched cases", async () => {
  const c = await comparison();
  const verdicts = Object.fromEntries(c.cases.map((item) => [item.id, item.verdict]));
  assertEquals(verdicts["blog/vmsplice-splice"], "slower");
  assertEquals(verdicts["blog/write-read-huge"], "unchanged");
  assertEquals(verdicts["blog/busy-loop-huge"], "faster");
  assertEquals(c.onlyInBase.map((u) => u.id), ["blog/vmsplice-read-huge"]);
  assertEquals(c.onlyInCurrent.map((u) => u.id), ["blog/new-case"]);
  assertEquals(c.cases.length, 6);
});

Deno.test("compareFigures: one ratio point per matched case, CI error bars, coloured by verdict", async () => {
  const c = await comparison();
  const figures = compareFigures(c);
  assertEquals(figures.map((f) => f.name), ["compare-ratio", "compare-distributions"]);
  const ratio = figures[0];
  const traces = ratio.data as Trace[];
  assertEquals(traces.reduce((n, t) => n + t.y.length, 0), c.cases.length, "one point per case");
  const seen = new Set<string>();
  for (const trace of traces) {
    const verdict = (trace.name as string).split(" ")[0] as keyof typeof VERDICT_COLOURS;
    assertEquals(trace.marker.color, VERDICT_COLOURS[verdict]);
    trace.customdata.forEach((data: string[], k: number) => {
      const item = c.cases.find((candidate) => candidate.id === data[3])!;
      seen.add(item.id);
      assertEquals(item.verdict, verdict, `${item.id} drawn as ${verdict}`);
      close(trace.y[k], item.ratio, "ratio");
      close(trace.y[k] + trace.error_y.array[k], item.ratioHigh, "upper error bar");
      close(trace.y[k] - trace.error_y.arrayminus[k], item.ratioLow, "lower error bar");
    });
  }
  assertEquals(seen.size, c.cases.length);
  assertEquals(VERDICT_COLOURS.slower, "#d62728");
  const shapes = ratio.layout.shapes as Trace[];
  const line = shapes.find((s) => s.type === "line")!;
  assertEquals([line.y0, line.y1], [1, 1]);
  const band = shapes.find((s) => s.type === "rect")!;
  close(band.y0, 1 - c.threshold, "band low");
  close(band.y1, 1 + c.threshold, "band high");
  const x = traces.flatMap((t) => t.x as string[]);
  assert(x.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), "case names escaped for Plotly");
  assert(!x.includes(EVIL));
});

Deno.test("compareFigures: distributions are base and current, named by their labels, every sample", async () => {
  const c = await comparison();
  const traces = compareFigures(c)[1].data as Trace[];
  assertEquals(traces.map((t) => t.name), [c.base.label, c.current.label]);
  assertEquals(traces.map((t) => t.type), ["box", "box"]);
  assertEquals(traces.map((t) => t.boxpoints), ["all", "all"]);
  assertEquals(traces[0].y.length, c.cases.reduce((n, item) => n + item.baseSamples.length, 0));
  assertEquals(traces[1].y.length, c.cases.reduce((n, item) => n + item.currentSamples.length, 0));
  assertEquals(compareFigures({ ...c, cases: [] }), []);
});

Deno.test("formatChange: percent change with the CI, true minus signs", () => {
  assertEquals(formatChange(0.877, 0.85, 0.909), "−12.3% (−15.0…−9.1)");
  assertEquals(formatChange(1.05, 1.01, 1.1), "+5.0% (+1.0…+10.0)");
  assertEquals(formatChange(1.0001, 0.98, 1.02), "0.0% (−2.0…+2.0)");
});

Deno.test("renderCompareHtml: escaped, CSP, title, table, unmatched lists, machines, threshold and alpha", async () => {
  const c = await comparison();
  const html = renderCompareHtml(c);
  const own = html.slice(0, html.indexOf('<script type="application/json"'));
  assert(!html.includes(EVIL), "no raw script tag");
  assert(!html.includes("<img src=x"), "no raw img tag");
  assert(own.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert(own.includes("&lt;img src=x onerror=alert(2)&gt;"), "the case only in current is listed");
  assertEquals(html.match(/<script\b/g)?.length, 3, "only our own three scripts");
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert(meta, "CSP meta");
  assertEquals(meta[1].replaceAll("&#39;", "'"), REPORT_CSP);
  assert(own.includes(`<title>pipespeed · ${c.base.label} → ${c.current.label}</title>`));
  assertEquals(own.match(/<span class="verdict /g)?.length, c.cases.length, "one row per matched case");
  assert(own.includes("vmsplice_read_huge"), "the case only in base is listed");
  assert(own.includes("<th>bench-01 6.8.0-59-generic</th><th>bench-02 6.8.0-59-generic</th>"), "machines side by side");
  assert(own.includes("threshold ±5%") && own.includes("alpha 0.05"));
  const slower = c.cases.find((item) => item.verdict === "slower")!;
  assert(own.includes(formatChange(slower.ratio, slower.ratioLow, slower.ratioHigh)));
  assertEquals(own.match(/class="chart"/g)?.length, 2);
});

Deno.test("renderCompareMarkdown: regressions first, table, unmatched cases, images only when asked", async () => {
  const c = await comparison();
  const markdown = renderCompareMarkdown(c);
  const warning = markdown.indexOf("> [!WARNING]");
  const table = markdown.indexOf("| Case |");
  assert(warning > 0 && warning < table, "regressions are called out before the table");
  assert(markdown.slice(warning, table).includes("**vmsplice\\_splice**: −20.0%"), markdown.slice(warning, table));
  assert(!markdown.slice(warning, table).includes("write\\_read\\_huge"), "noise is not a regression");
  assert(markdown.includes("### Only in base\n\n- **vmsplice\\_read\\_huge**: not in the current run"));
  assert(markdown.includes("### Only in current\n\n- **&lt;img src=x onerror=alert(2)&gt;**"));
  assert(markdown.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert(!markdown.includes("<script>") && !markdown.includes("!["));
  assertEquals(markdown.split("\n").filter((line) => /^\| .*(slower|faster|unchanged)\** \|$/.test(line)).length, 6);
  const withImages = renderCompareMarkdown(c, { images: true, imagesDir: "img/" });
  assert(withImages.includes("](img/compare-ratio.svg)") && withImages.includes("](img/compare-distributions.svg)"));
});

Deno.test("formatCompareTable: aligned plain text, slower red and faster green with colour", async () => {
  const c = await comparison();
  const plain = formatCompareTable(c);
  assert(!plain.includes("\x1b["), "no ANSI without colour");
  const lines = plain.split("\n");
  const header = lines.find((line) => line.startsWith("case"))!;
  const row = lines.find((line) => line.startsWith("vmsplice_splice "))!;
  assertEquals(row.indexOf("slower"), header.indexOf("verdict"), "columns aligned");
  assert(plain.includes("only in base: vmsplice_read_huge"));
  assert(plain.includes("1 slower, 1 faster, 4 unchanged"));
  const colors = pc.createColors(true);
  const coloured = formatCompareTable(c, { color: true });
  const red = coloured.split("\n").find((line) => line.includes("vmsplice_splice "))!;
  assert(red.startsWith(colors.red("").slice(0, 5)), JSON.stringify(red));
  const green = coloured.split("\n").find((line) => line.includes("busy_loop_huge"))!;
  assert(green.startsWith(colors.green("").slice(0, 5)), JSON.stringify(green));
  const grey = coloured.split("\n").find((line) => line.includes("write_read_huge"))!;
  assert(!grey.includes("\x1b["), "unchanged is not coloured");
});

Deno.test("writeCompareReport: compare.html and compare.md; images skipped with a reason", async () => {
  const c = await comparison();
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-compare-" });
  try {
    const lines: string[] = [];
    const written = await writeCompareReport(c, `${directory}/out`, { images: false, log: (l) => lines.push(l) });
    assertEquals(written, {
      html: `${directory}/out/compare.html`,
      markdown: `${directory}/out/compare.md`,
      stepSummary: `${directory}/out/step-summary.md`,
      images: [],
      imagesSkipped: null,
    });
    assertEquals([...Deno.readDirSync(`${directory}/out`)].map((e) => e.name).sort(), [
      "compare.html",
      "compare.md",
      "step-summary.md",
    ]);
    assertEquals(await Deno.readTextFile(written.html), renderCompareHtml(c));
    assertEquals(lines.length, 3);
    const skipped = await writeCompareReport(c, directory, {
      images: true,
      imageOptions: { chromiumPath: "/nonexistent/chromium" },
    });
    assertEquals(skipped.images, []);
    assert(skipped.imagesSkipped?.includes("install-chromium.sh"));
    assert(!(await Deno.readTextFile(skipped.markdown)).includes("!["));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("the report tests above pass without --allow-run: a missing Chromium path is named whatever the permissions", async () => {
  // Where the export cannot start its -A child, a Chromium path given and missing is still the reason given.
  if (Deno.env.get("PIPESPEED_NARROW_RUN") === "1") return; // the run below, inside itself
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-ffi",
      "--allow-sys",
      "--filter",
      "writeCompareReport",
      new URL(import.meta.url).pathname,
    ],
    env: { PIPESPEED_NARROW_RUN: "1", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  assert(output.success, text);
  assertIncludes(text, "1 passed");
});

/** blog.json against itself as a `--quick` run makes it: one sample; `params` as given. */
async function againstQuick(paramsToo: boolean): Promise<Comparison> {
  const base = await fixture("blog");
  const current: Results = structuredClone(base);
  current.cases = current.cases.map((c) => {
    const one = { ...scaled(c, 0.188), samples: scaled(c, 0.188).samples.slice(0, 1) };
    return paramsToo ? { ...one, params: { ...c.params, bytes: 64 * 1024 * 1024, duration: 0 } } : one;
  });
  return compareResults(base, "base.json", current, "current.json");
}

Deno.test("compare outputs: nothing could be judged is said everywhere, never 'No significant change' (issue 13, item 4)", async () => {
  const c = await againstQuick(false);
  assertEquals(new Set(c.cases.map((item) => item.verdict)), new Set(["inconclusive"]));
  const reason = "too few samples: 5 and 1; at least 4 per side are needed";
  const terminal = formatCompareTable(c);
  const markdown = renderCompareMarkdown(c);
  const html = renderCompareHtml(c);
  for (const [name, text] of [["terminal", terminal], ["compare.md", markdown], ["compare.html", html]]) {
    assert(!/no significant change/i.test(text), `${name} claims no change`);
    assertIncludes(text, "Nothing could be judged", name);
    assertIncludes(text, name === "compare.md" ? escapeMarkdown(reason) : reason, name);
  }
  const row = terminal.split("\n").find((line) => line.startsWith("vmsplice_splice "))!;
  assert(row.trimEnd().endsWith("inconclusive"), row);
  assertIncludes(terminal, "0 slower, 0 faster, 0 unchanged, 7 inconclusive");
  assertIncludes(markdown, "| 🟡 inconclusive |");
  assertIncludes(markdown, "> [!CAUTION]");
  assertIncludes(markdown, "Verdicts: 0 slower, 0 faster, 0 unchanged, **7 inconclusive**.");
  assertIncludes(terminal, `Nothing could be judged: 7 inconclusive (${reason}).`);
  assertEquals(html.match(/<span class="verdict inconclusive"/g)?.length, 2 * c.cases.length, "table and list");
  const coloured = formatCompareTable(c, { color: true });
  const yellow = coloured.split("\n").find((line) => line.includes("vmsplice_splice "))!;
  assert(yellow.startsWith(pc.createColors(true).yellow("").slice(0, 5)), JSON.stringify(yellow));
  const ratio = compareFigures(c)[0].data as Trace[];
  assertEquals(ratio.map((trace) => trace.name), ["inconclusive (7)"]);
  assertEquals(ratio[0].marker.color, VERDICT_COLOURS.inconclusive);
});

Deno.test("compare outputs: differing case parameters are marked and named, per case, in every output", async () => {
  const c = await againstQuick(true);
  assertEquals(new Set(c.cases.map((item) => item.verdict)), new Set(["incomparable"]));
  const line = "write_read ≠: not comparable: parameters differ: bytes 1GiB → 64MiB, duration 1s → 0s";
  const terminal = formatCompareTable(c);
  assertIncludes(terminal, line);
  assert(terminal.split("\n").some((row) => row.startsWith("write_read ≠ ") && row.endsWith("not comparable")));
  assertIncludes(terminal, "7 not comparable");
  const markdown = renderCompareMarkdown(c);
  assertIncludes(markdown, "| write\\_read ≠ |");
  assertIncludes(
    markdown,
    "- **write\\_read ≠**: not comparable: parameters differ\\: bytes 1GiB → 64MiB, duration 1s → 0s",
  );
  assertIncludes(markdown, "| 🟣 not comparable |");
  const html = renderCompareHtml(c);
  assertIncludes(html, `<span class="verdict incomparable"`);
  assertIncludes(html, "parameters differ: bytes 1GiB → 64MiB, duration 1s → 0s");
  assert(!/no significant change/i.test(markdown + html + terminal));
  const ratio = compareFigures(c)[0].data as Trace[];
  assertEquals(ratio.map((trace) => trace.name), ["not comparable (7)"]);
});

Deno.test("compare outputs: some cases judged, some not: both said, the no-change sentence scoped", async () => {
  const c = await againstQuick(false);
  const base = await fixture("blog");
  const partial = compareResults(base, "b", {
    ...base,
    cases: [
      base.cases[0],
      ...c.cases.slice(1).map((item) => {
        const original = base.cases.find((candidate) => candidate.id === item.id)!;
        return { ...original, samples: original.samples.slice(0, 1) };
      }),
    ],
  }, "c");
  assertEquals(partial.cases[0].verdict, "unchanged");
  const markdown = renderCompareMarkdown(partial);
  assertIncludes(markdown, "No significant change beyond ±5% in the 1 case that could be judged.");
  assertIncludes(markdown, "6 of 7 cases could not be judged\\: 6 inconclusive");
});

Deno.test("compare says its intervals do not hold the host's drift between two runs; ab's interleaved runs do not", async () => {
  const base = await fixture("blog");
  const faster: Results = { ...structuredClone(base), cases: base.cases.map((c) => scaled(c, 1.25)) };
  const caveat = "not the host's drift between the two runs";
  const separate = compareResults(base, "a.json", faster, "b.json");
  assertIncludes(formatCompareTable(separate), caveat);
  assertIncludes(renderCompareMarkdown(separate), caveat);
  assertIncludes(renderCompareHtml(separate), "host&#39;s drift");
  const interleaved = compareResults(base, "a.json", faster, "b.json", { interleaved: true });
  assert(!formatCompareTable(interleaved).includes(caveat), "ab's runs took turns in one session");
  // Steal spikes recorded in either run are counted, whichever the verdicts.
  const spiky: Results = structuredClone(base);
  spiky.cases[0].samples[0].noise = { ...spiky.cases[0].samples[0].noise!, stealSpike: true };
  const same = compareResults(base, "a.json", spiky, "b.json", { interleaved: true });
  assertIncludes(formatCompareTable(same), `current ${1 + countSpikes(base)} of`);
});

function countSpikes(results: Results): number {
  return results.cases.flatMap((c) => c.samples).filter((s) => s.noise?.stealSpike === true).length -
    (results.cases[0].samples[0].noise?.stealSpike === true ? 1 : 0);
}
