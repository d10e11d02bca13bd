/**
 * The contention part of a run's report: per-endpoint throughput and fairness in the terminal,
 * `summary.md` and the HTML page for contention cases, nothing for the others; and the case's
 * warning when its endpoints shared CPUs.
 */
import { finalizeResults } from "../../../bench/results.ts";
import type { ContentionReport, Results } from "../../../model/types.ts";
import { renderHtml } from "../../../reports/run/html/page.ts";
import { renderMarkdown } from "../../../reports/run/markdown.ts";
import { formatTable } from "../../../reports/run/terminal.ts";
import { blogResults, makeResults } from "../../fixtures/make-results.ts";
import { assert, assertIncludes } from "../../helpers.ts";

const MiB = 1024 * 1024;

/** A contention case `2×2 <b>` (a name that must come out escaped) with per-endpoint reports. */
function contentionResults(shared: boolean): Results {
  const results = makeResults(
    [{ name: "contention", description: null, file: "scenarios/contention.yaml" }],
    [
      {
        scenario: "contention",
        name: "2×2 <b>",
        params: { writers: 2, readers: 2, bufferSize: 64 * 1024, pipeSize: MiB, repetitions: 3 },
        gibPerSecond: 1.2,
      },
    ],
  );
  for (const sample of results.cases[0].samples) {
    const endpoint = (cpu: number, gibPerSecond: number) => ({ cpu, bytes: 1, seconds: 1, gibPerSecond });
    const report: ContentionReport = {
      writers: [endpoint(0, 0.61), endpoint(shared ? 0 : 2, 0.59)],
      readers: [endpoint(1, 0.9), endpoint(shared ? 1 : 3, 0.3)],
      fairness: { writers: { jain: 0.9997, minToMax: 0.97 }, readers: { jain: 0.8, minToMax: 0.33 } },
      sharedCpus: shared,
    };
    sample.contention = report;
  }
  return finalizeResults(results);
}

Deno.test("the terminal table shows each endpoint's throughput and each side's fairness", () => {
  const text = formatTable(contentionResults(true));
  assertIncludes(text, "contention (medians): each endpoint's bytes over the case's span");
  assert(/writers\s+1\.20\s+0\.61 0\.59\s+1\.000\s+0\.97\s+0,0/.test(text), text);
  assert(/readers\s+1\.20\s+0\.90 0\.30\s+0\.800\s+0\.33\s+1,1/.test(text), text);
  assertIncludes(text, "2 writers and 2 readers shared CPUs (writers on CPU 0, readers on CPU 1)");
});

Deno.test("summary.md and the HTML report have a contention section, names escaped", () => {
  const results = contentionResults(false);
  const markdown = renderMarkdown(results);
  assertIncludes(markdown, "### Contention");
  assertIncludes(markdown, "| readers | 1.20 | 0.90 0.30 | 0.800 | 0.33 | 1,3 |");
  const html = renderHtml(results);
  assertIncludes(html, `<section id="contention">`);
  assertIncludes(html, `<a href="#contention">Contention</a>`);
  assertIncludes(html, "2×2 &lt;b&gt;");
  assert(!html.includes("2×2 <b>"), "the case name is escaped");
  assert(!results.cases[0].warnings.some((w) => w.includes("shared CPUs")), "no CPU shared: no warning");
});

Deno.test("a run without contention cases has no contention section anywhere", () => {
  const results = finalizeResults(blogResults());
  assert(!formatTable(results).includes("contention"));
  assert(!renderMarkdown(results).includes("Contention"));
  const html = renderHtml(results);
  assert(!html.includes(`id="contention"`) && !html.includes("#contention"));
});

Deno.test("the readers together are the case's median throughput, run by run; each endpoint its own median", () => {
  const results = contentionResults(true);
  // Three runs whose readers add up to 1.0, 1.5 and 2.0 GiB/s, as the samples' own throughputs.
  results.cases[0].samples.forEach((sample, k) => {
    const total = [1, 1.5, 2][k];
    sample.gibPerSecond = total;
    sample.contention!.readers = [0.25, 0.75].map((share) => ({
      cpu: 1,
      bytes: share * total * 1024 * MiB,
      seconds: 1,
      gibPerSecond: share * total,
    }));
  });
  const text = formatTable(finalizeResults(results));
  assert(/readers\s+1\.50\s+0\.38 1\.13\s/.test(text), text);
});
