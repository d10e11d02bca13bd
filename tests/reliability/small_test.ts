/**
 * Issue 19, item 9: the smaller defects — 130,000 samples, stored statistics that contradict the
 * samples, duplicate case ids, absurd inputs to compare, terminal escape sequences, and the
 * README's word on `--resume`.
 */
import { readResultsFile } from "../../bench/results.ts";
import { chartsFor } from "../../reports/run/charts/mod.ts";
import { formatCompareTable } from "../../reports/compare/mod.ts";
import { compareResults } from "../../stats/compare.ts";
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";
import { runCli, tinyScenario } from "./_cli.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const fixture = (): Results => JSON.parse(Deno.readTextFileSync(FIXTURE));

/** Writes `results` as a file in a new folder; returns its path. */
async function resultsFile(results: unknown): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-rel-small-" });
  Deno.writeTextFileSync(`${dir}/results.json`, JSON.stringify(results));
  return `${dir}/results.json`;
}

Deno.test("130,000 samples (13 cases × 10,000 repetitions, legal) make the charts without overflowing the stack", () => {
  const results = fixture();
  const template = results.cases[0];
  results.cases = Array.from({ length: 13 }, (_, i) => ({
    ...structuredClone(template),
    id: `${template.id}-${i}`,
    name: `${template.name} ${i}`,
    failures: [],
    samples: Array.from({ length: 10_000 }, (_, run) => ({
      ...template.samples[run % template.samples.length],
      run: i * 10_000 + run,
      repetition: run,
    })),
  }));
  assertEquals(results.cases.reduce((n, c) => n + c.samples.length, 0), 130_000);
  assert(chartsFor(results).length > 0);
});

Deno.test("stored statistics that contradict the samples are recomputed from them, with a warning", async () => {
  const results = fixture();
  const stats = results.cases[0].stats!.throughputGibPerSecond;
  const true_median = stats.median;
  stats.median = 999;
  stats.ci95Low = 998;
  stats.ci95High = 1000;
  const read = await readResultsFile(await resultsFile(results));
  assertEquals(read.cases[0].stats!.throughputGibPerSecond.median, true_median);
  assertIncludes(read.warnings.join("\n"), `the stored statistics of ${results.cases[0].id} contradicted the samples`);
  const untouched = await readResultsFile(await resultsFile(fixture()));
  assert(!untouched.warnings.some((w) => w.includes("contradicted")), "a consistent file gets no warning");
});

Deno.test("duplicate case ids are refused with their places; compare exits 2 instead of pairing the wrong rows", async () => {
  const results = fixture();
  results.cases[3].id = results.cases[1].id;
  const path = await resultsFile(results);
  let message = "";
  try {
    await readResultsFile(path);
  } catch (error) {
    message = (error as Error).message;
  }
  assertIncludes(message, `cases[3].id: duplicate case id ${results.cases[1].id} (first at cases[1])`);
  const compare = await runCli(["compare", FIXTURE, path, "--out", `${path}.compare`, "--no-images"]);
  assertEquals(compare.code, 2, compare.stderr);
  assertIncludes(compare.stderr, "duplicate case id");
});

Deno.test("compare never prints Infinity or NaN: absurd throughputs are not comparable, with the reason", () => {
  const base = fixture();
  for (const sample of base.cases[0].samples) sample.gibPerSecond = 0;
  for (const sample of base.cases[1].samples) sample.gibPerSecond = 1e-320;
  const comparison = compareResults(base, "base.json", fixture(), "current.json");
  const table = formatCompareTable(comparison, { color: false });
  assert(!/Infinity|NaN/.test(table), table);
  for (const id of [base.cases[0].id, base.cases[1].id]) {
    const c = comparison.cases.find((c) => c.id === id)!;
    assertEquals(c.verdict, "incomparable");
    assertIncludes(c.reason ?? "", "not comparable");
  }
});

Deno.test("escape sequences in a case name and in a child's stderr never reach the terminal raw", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-rel-esc-" });
  // A reader that clears the screen and plants an OSC 8 link on its stderr, then fails.
  Deno.writeTextFileSync(`${dir}/evil.sh`, "printf '\\033[2J\\033]8;;http://x\\033\\\\boom' >&2; exit 3\n");
  const scenario = `${dir}/esc.yaml`;
  Deno.writeTextFileSync(
    scenario,
    'name: esc\ncases:\n  - name: "clear\\e[2J\\e]8;;http://x\\e\\\\link"\n    writer: write\n' +
      `    reader: {command: [sh, ${dir}/evil.sh]}\n    bytes: 4MiB\n    repetitions: 1\n    warmup: 0\n`,
  );
  const run = await runCli(["run", scenario, "--out", `${dir}/out`, "--no-report", "--no-images"]);
  assertEquals(run.code, 1, run.stderr);
  assertIncludes(run.stderr, "\\x1b[2J", "shown, not obeyed");
  assert(!run.stdout.includes("\x1b") && !run.stderr.includes("\x1b"), JSON.stringify(run.stdout + run.stderr));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("NO_COLOR=1 on a terminal: no colour in the final table (through a real pty)", async () => {
  const script = await new Deno.Command("sh", { args: ["-c", "command -v script"] }).output();
  if (!script.success) {
    console.log("skipped: no `script` command to give the CLI a terminal");
    return;
  }
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-rel-tty-" });
  const cli = new URL("../../cli.ts", import.meta.url).pathname;
  const command = `${Deno.execPath()} run -A ${cli} run ${tinyScenario(dir, 1)} --out ${dir}/out --no-report -q`;
  const { stdout } = await new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    env: { NO_COLOR: "1", TERM: "xterm" },
  }).output();
  const text = new TextDecoder().decode(stdout);
  assertIncludes(text, "GiB/s (median)");
  assert(!new RegExp("\u001b\\[[0-9;]*m").test(text), JSON.stringify(text));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("README says that --resume runs the commands stored in the journal", () => {
  const readme = Deno.readTextFileSync(new URL("../../README.md", import.meta.url)).replace(/\s+/g, " ");
  assertIncludes(readme, "runs the commands stored in the journal");
});
