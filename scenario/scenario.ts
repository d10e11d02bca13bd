/**
 * Scenario files: YAML that declares cases, explicitly (`cases`) or as a matrix (`matrix`, with
 * GitHub Actions `include`/`exclude` semantics), validated with a zod schema while keeping the
 * position of every node, so each problem reads `file:line:column: path: message`.
 *
 * @example
 * ```ts
 * import { formatProblem, loadScenarioFiles, ScenarioError } from "./scenario.ts";
 *
 * try {
 *   const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 *   console.log(cases.map((c) => c.id)); // ["blog/write_read", ...]
 * } catch (error) {
 *   if (!(error instanceof ScenarioError)) throw error;
 *   for (const problem of error.problems) console.error(formatProblem(problem));
 * }
 * ```
 *
 * The loader is a folder: this module is its public face, over private steps — `_yaml.ts`
 * (parsing and guards), `_schema.ts` (the zod schema, from the case fields' table in
 * model/fields.ts), `_issues.ts` (zod issues to located problems), `_matrix.ts` (expansion),
 * `_rules.ts` (what a case must keep), `_naming.ts` (names and ids), `_parse.ts` (one file, start
 * to end), `_problems.ts` (problems and positions).
 *
 * @module
 */
import { copyParams } from "../model/params.ts";
import type { Case } from "../model/types.ts";
import { MAX_SCENARIO_FILE_BYTES, parseScenarioWithSource } from "./_parse.ts";
import { type Problem, problemAt, ScenarioError } from "./_problems.ts";
import type { CaseJson, LoadedScenario, LoadedScenarios, ParsedScenario, ScenarioContext } from "./_types.ts";

export { defaultBufferOffset } from "../model/fields.ts";
export { CASE_DEFAULTS } from "../model/params.ts";
export { MAX_CASES_PER_SCENARIO } from "./_matrix.ts";
export { caseSlug } from "./_naming.ts";
export { MAX_SCENARIO_FILE_BYTES } from "./_parse.ts";
export { formatProblem, MAX_PROBLEMS_PER_FILE, type Problem, ScenarioError } from "./_problems.ts";
export { caseMachineProblems, caseRuleViolations, type Violation } from "./_rules.ts";
export { scenarioJsonSchema, scenarioSchema } from "./_schema.ts";
export type { CaseJson, LoadedScenario, LoadedScenarios, ParsedScenario, ScenarioContext } from "./_types.ts";
export { MAX_YAML_ALIAS_COUNT } from "./_yaml.ts";

/**
 * Parses and validates one scenario file's text and expands its cases. Pure: no file access.
 * Never throws for bad input; every problem is returned, each with its line and column.
 *
 * @param text The YAML.
 * @param file The name to put in problems and in `scenario.file`.
 * @param context What the machine allows (`pipeMaxSize`, `mayExceedPipeMaxSize`), to check pipe sizes against.
 *
 * @example
 * ```ts
 * const { scenario, problems } = parseScenario("name: demo\ncases:\n  - {name: plain, writer: write, reader: read}\n", "demo.yaml");
 * problems; // []
 * scenario.cases[0].id; // "demo/plain"
 * scenario.cases[0].params.bufferSize; // 262144
 * ```
 */
export function parseScenario(text: string, file: string, context: ScenarioContext = {}): ParsedScenario {
  const { scenario, problems } = parseScenarioWithSource(text, file, context);
  return { scenario, problems };
}

/**
 * Reads, validates and expands scenario files.
 *
 * @throws {ScenarioError} with every problem of every file (unreadable files, YAML errors,
 * schema errors, broken rules, duplicate scenario names); never anything else.
 *
 * @example
 * ```ts
 * const { scenarios, cases } = await loadScenarioFiles(["scenarios/blog.yaml"], { pipeMaxSize: 1048576 });
 * console.log(scenarios[0].name, cases.length); // "blog" 7
 * ```
 */
export async function loadScenarioFiles(paths: string[], context: ScenarioContext = {}): Promise<LoadedScenarios> {
  const problems: Problem[] = [];
  const scenarios: LoadedScenario[] = [];
  const firstByName = new Map<string, string>();
  for (const path of paths) {
    let text: string;
    try {
      text = await readScenarioText(path);
    } catch (error) {
      problems.push({
        file: path,
        line: 1,
        column: 1,
        path: "",
        message: `cannot read the file: ${(error as Error).message}`,
      });
      continue;
    }
    const parsed = parseScenarioWithSource(text, path, context);
    problems.push(...parsed.problems);
    const name = parsed.scenario.name;
    const first = firstByName.get(name);
    if (name !== "" && first !== undefined) {
      problems.push(
        problemAt(parsed.source, ["name"], `another scenario is named \`${name}\` (${first}); names must be unique`),
      );
    } else if (name !== "") firstByName.set(name, path);
    scenarios.push(parsed.scenario);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return { scenarios, cases: scenarios.flatMap((scenario) => scenario.cases) };
}

async function readScenarioText(path: string): Promise<string> {
  const info = await Deno.stat(path);
  if (!info.isFile) throw new Error("not a file");
  if (info.size > MAX_SCENARIO_FILE_BYTES) {
    throw new Error(`${info.size} bytes, more than a scenario file may have (${MAX_SCENARIO_FILE_BYTES})`);
  }
  return await Deno.readTextFile(path);
}

/**
 * A case as plain JSON data (`{id, name, scenario, params}`, sizes in bytes, durations in
 * seconds), detached from the loaded case.
 *
 * @example
 * ```ts
 * const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 * console.log(JSON.stringify(cases.map(caseToJson)));
 * ```
 */
export function caseToJson(c: Case): CaseJson {
  return { id: c.id, name: c.name, scenario: c.scenario, params: copyParams(c.params) };
}
