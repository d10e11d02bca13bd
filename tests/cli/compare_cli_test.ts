/** `pipespeed compare` and `merge` through the real CLI, on fixture results. */
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURE = `${ROOT}tests/fixtures/results/blog.json`;

async function cli(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-ffi",
      "--allow-run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      "cli.ts",
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

async function pair(): Promise<{ dir: string; base: string; current: string; slowId: string }> {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-compare-" });
  const results: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  const current = structuredClone(results);
  const slow = current.cases[4];
  slow.samples = slow.samples.map((s) => ({ ...s, gibPerSecond: s.gibPerSecond * 0.8 }));
  current.system.hostname = "after";
  Deno.writeTextFileSync(`${dir}/base.json`, JSON.stringify(results));
  Deno.writeTextFileSync(`${dir}/current.json`, JSON.stringify(current));
  return { dir, base: `${dir}/base.json`, current: `${dir}/current.json`, slowId: slow.id };
}

Deno.test("compare: prints the verdicts, writes compare.html/md, exit 1 only with --fail-on-regression", async () => {
  const { dir, base, current, slowId } = await pair();
  const plain = await cli(["compare", base, current, "--no-images", "--out", `${dir}/cmp`]);
  assertEquals(plain.code, 0, plain.stderr);
  assertIncludes(plain.stdout, "slower");
  assert(Deno.statSync(`${dir}/cmp/compare.html`).size > 0 && Deno.statSync(`${dir}/cmp/compare.md`).size > 0);
  const gated = await cli(["compare", base, current, "--no-images", "--out", `${dir}/cmp2`, "--fail-on-regression"]);
  assertEquals(gated.code, 1);
  assertIncludes(gated.stderr, slowId);
  const same = await cli(["compare", base, base, "--no-images", "--out", `${dir}/cmp3`, "--fail-on-regression"]);
  assertEquals(same.code, 0, "no regression against itself");
});

Deno.test("compare/merge refuse foreign or future files and bad options with exit 2", async () => {
  const { dir, base } = await pair();
  Deno.writeTextFileSync(`${dir}/future.json`, JSON.stringify({ schemaVersion: 2, cases: [] }));
  const future = await cli(["compare", base, `${dir}/future.json`, "--no-images", "--out", `${dir}/x`]);
  assertEquals(future.code, 2);
  assertIncludes(future.stderr, "schemaVersion 2 is not supported");
  const threshold = await cli(["compare", base, base, "--threshold", "lots", "--out", `${dir}/y`]);
  assertEquals(threshold.code, 2);
  const labels = await cli(["merge", base, base, "--out", `${dir}/z`, "--label", "only-one"]);
  assertEquals(labels.code, 2);
});

Deno.test("merge: one report over two machines, both labels in it", async () => {
  const { dir, base, current } = await pair();
  const { code, stdout, stderr } = await cli(["merge", base, current, "--out", `${dir}/merged`, "--no-images"]);
  assertEquals(code, 0, stderr);
  const html = Deno.readTextFileSync(`${dir}/merged/report.html`);
  const results: Results = JSON.parse(Deno.readTextFileSync(base));
  assertIncludes(html, results.system.hostname);
  assertIncludes(html, "after");
  assertIncludes(stdout, "merged 2 runs");
  assert(Deno.statSync(`${dir}/merged/summary.md`).size > 0);
});

Deno.test("merge of one file: 'merged 1 run', in the singular", async () => {
  const { dir, base } = await pair();
  const { code, stdout, stderr } = await cli(["merge", base, "--out", `${dir}/one`, "--no-images"]);
  assertEquals(code, 0, stderr);
  assertIncludes(stdout, "merged 1 run (");
});

Deno.test("compare --fail-on-regression: an inconclusive comparison exits 0 but says nothing could be judged", async () => {
  const { dir, base } = await pair();
  const results: Results = JSON.parse(Deno.readTextFileSync(base));
  for (const c of results.cases) {
    c.samples = c.samples.slice(0, 1).map((s) => ({ ...s, gibPerSecond: s.gibPerSecond / 5 }));
  }
  Deno.writeTextFileSync(`${dir}/quick.json`, JSON.stringify(results));
  const run = await cli([
    "compare",
    base,
    `${dir}/quick.json`,
    "--no-images",
    "--out",
    `${dir}/q`,
    "--fail-on-regression",
  ]);
  assertEquals(run.code, 0, "no evidence of a regression");
  assertIncludes(run.stdout, "Nothing could be judged: 7 inconclusive");
  assertIncludes(run.stderr, "--fail-on-regression: nothing could be judged");
  assert(!/no significant change/i.test(Deno.readTextFileSync(`${dir}/q/compare.md`)));
});
